// See include/MallocShims.h.
#include "MallocShims.h"

#include <stdlib.h>   // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <limits.h>
#include <malloc.h>

int quill_set_mmap_threshold(size_t bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes > INT_MAX ? INT_MAX : (int)bytes) == 1;
}
#else
int quill_set_mmap_threshold(size_t bytes) {
    (void)bytes;
    return 0;
}
#endif
