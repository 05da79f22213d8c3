/* marker.c - writes /d/marker, for the preopen override test in run.sh. */
#include <stdio.h>

int main(void)
{
    FILE *f = fopen("/d/marker", "w");
    if (!f) {
        perror("/d/marker");
        return 1;
    }
    fputs("here\n", f);
    return fclose(f) != 0;
}
