/*
 * nbody.c - floating-point kernel: a softened gravitational N-body system
 * (NB bodies, all pairs) stepped with semi-implicit Euler.  Exercises f64
 * add/mul/div/sqrt in short dependent chains over a small in-cache array.
 * Only +, -, *, / and sqrt are used, all correctly rounded in IEEE 754, so
 * the printed energies are bit-identical natively and in wasm (as long as
 * the compiler does not fuse multiply-adds: build without -march/-ffast-math).
 *
 * usage: nbody [STEPS]   (default 15000000)
 * check-args: 2000   (small size for testsuite/bench/check.sh)
 * prints: total energy before and after, and the centre-of-mass position
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NB 6

typedef struct Body {
    double x, y, z, vx, vy, vz, m;
} Body;

static uint64_t rng_state = 0x243f6a8885a308d3ull;

/* Uniform double in [0, 1) from a splitmix64 stream. */
static double rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

/* A heavy central body plus lighter ones on rough circular orbits. */
static void init(Body *b)
{
    b[0] = (Body){ 0, 0, 0, 0, 0, 0, 1000.0 };
    for (int i = 1; i < NB; i++) {
        /* A random direction without sin/cos, whose last bit may differ
         * between libms: normalize a random vector instead. */
        double r = 2.0 + 6.0 * rnd(), ux = rnd() - 0.5, uy = rnd() - 0.5;
        double len = sqrt(ux * ux + uy * uy) + 1e-9;
        double c = ux / len, s = uy / len;
        double v = sqrt(1000.0 / r);
        b[i] = (Body){ r * c, r * s, 0.1 * (rnd() - 0.5),
                       -v * s, v * c, 0.05 * (rnd() - 0.5), 0.1 + rnd() };
    }
    /* Cancel total momentum so the system stays near the origin. */
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < NB; i++) {
        px += b[i].vx * b[i].m; py += b[i].vy * b[i].m; pz += b[i].vz * b[i].m;
    }
    b[0].vx -= px / b[0].m; b[0].vy -= py / b[0].m; b[0].vz -= pz / b[0].m;
}

static double energy(const Body *b)
{
    double e = 0;
    for (int i = 0; i < NB; i++) {
        e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < NB; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz + 0.01);
        }
    }
    return e;
}

static void step(Body *b, double dt)
{
    for (int i = 0; i < NB; i++) {
        for (int j = i + 1; j < NB; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            double d2 = dx * dx + dy * dy + dz * dz + 0.01;
            double mag = dt / (d2 * sqrt(d2));
            double mi = b[i].m * mag, mj = b[j].m * mag;
            b[i].vx -= dx * mj; b[i].vy -= dy * mj; b[i].vz -= dz * mj;
            b[j].vx += dx * mi; b[j].vy += dy * mi; b[j].vz += dz * mi;
        }
    }
    for (int i = 0; i < NB; i++) {
        b[i].x += dt * b[i].vx; b[i].y += dt * b[i].vy; b[i].z += dt * b[i].vz;
    }
}

int main(int argc, char **argv)
{
    uint64_t steps = argc > 1 ? strtoull(argv[1], NULL, 10) : 15000000;
    Body b[NB];
    init(b);
    printf("nbody: steps=%" PRIu64 " e0=%.9f\n", steps, energy(b));
    for (uint64_t s = 0; s < steps; s++)
        step(b, 0.0001);
    double cx = 0, cy = 0, cz = 0, m = 0;
    for (int i = 0; i < NB; i++) {
        cx += b[i].x * b[i].m; cy += b[i].y * b[i].m; cz += b[i].z * b[i].m; m += b[i].m;
    }
    printf("nbody: e1=%.9f com=(%.9f, %.9f, %.9f)\n", energy(b), cx / m, cy / m, cz / m);
    return 0;
}
