/*
 * A test-only stand-in for Windows' bcryptprimitives.dll, for running
 * Beatcast's .exe under Debian 12's Wine 8, which lacks it. Every Windows
 * 10 and 11 has the real one; Go's runtime (1.22 and later) loads it at
 * start for ProcessPrng, its source of random bytes. scripts/wine-check.sh
 * builds this into a throwaway Wine prefix; it never goes into the app.
 *
 * ProcessPrng fills the buffer from RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has, and like the real one never fails.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
