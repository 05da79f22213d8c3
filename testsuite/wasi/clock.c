/*
 * clock.c - clocks and sleeping: realtime agrees with time(), monotonic
 * never goes back, nanosleep/usleep/poll-with-timeout sleep at least as long
 * as asked (through poll_oneoff), resolutions are sane, sched_yield works,
 * getentropy gives bytes that are not all equal.
 */
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
    struct timespec res, req = { 0, 50 * 1000000 };
    long long t0, t1, prev;
    unsigned char a[32], b[32];
    int ok = 1;

    printf("realtime ~ time(): %d\n", ns(CLOCK_REALTIME) / 1000000000LL - time(NULL) <= 1);
    prev = ns(CLOCK_MONOTONIC);
    for (int i = 0; i < 1000; i++) {
        t0 = ns(CLOCK_MONOTONIC);
        ok &= t0 >= prev;
        prev = t0;
    }
    printf("monotonic: %d\n", ok);
    printf("getres monotonic: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 &&
           res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000);
    printf("getres realtime: %d\n", clock_getres(CLOCK_REALTIME, &res) == 0 && res.tv_nsec > 0);
    printf("cputime: %d\n", ns(CLOCK_PROCESS_CPUTIME_ID) > 0);

    t0 = ns(CLOCK_MONOTONIC);
    nanosleep(&req, NULL);
    t1 = ns(CLOCK_MONOTONIC);
    printf("nanosleep 50ms: %d\n", t1 - t0 >= 50000000 && t1 - t0 < 2000000000);
    t0 = ns(CLOCK_MONOTONIC);
    usleep(20000);
    printf("usleep 20ms: %d\n", ns(CLOCK_MONOTONIC) - t0 >= 20000000);
    t0 = ns(CLOCK_MONOTONIC);
    struct timespec abs;
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += 30000000;
    if (abs.tv_nsec >= 1000000000) abs.tv_sec++, abs.tv_nsec -= 1000000000;
    clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL);
    printf("clock_nanosleep abstime 30ms: %d\n", ns(CLOCK_MONOTONIC) - t0 >= 25000000);
    t0 = ns(CLOCK_MONOTONIC);
    printf("poll nothing 40ms: %d\n", poll(NULL, 0, 40));
    printf("waited: %d\n", ns(CLOCK_MONOTONIC) - t0 >= 40000000);
    printf("sched_yield: %d\n", sched_yield());

    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    printf("getentropy: %d %d\n", getentropy(a, sizeof a), getentropy(b, sizeof b));
    printf("random differs: %d\n", memcmp(a, b, sizeof a) != 0);
    return 0;
}
