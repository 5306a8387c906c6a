#ifndef QUILL_MALLOC_SHIMS_H
#define QUILL_MALLOC_SHIMS_H

#include <stddef.h>

/// glibc's `mallopt(M_MMAP_THRESHOLD, bytes)`, which Swift's Glibc module does not export: every
/// block of at least `bytes` gets its own mapping, unmapped when freed, and glibc stops raising the
/// threshold by itself. Returns 1 when set, 0 where the C library is not glibc (nothing changes).
int quill_set_mmap_threshold(size_t bytes);

#endif
