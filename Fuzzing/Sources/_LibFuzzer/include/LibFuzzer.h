#ifndef QUILL_LIBFUZZER_H
#define QUILL_LIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for a program with its own main (compiler-rt, FuzzerInterface.h):
/// parses libFuzzer's flags in argv and fuzzes `test_one_input` until a crash or a limit. Linked
/// in by `-sanitize=fuzzer`; declared here because Swift cannot declare a C function itself.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif
