// Thin C wrappers over ICU4C for Quill's Tokenization module.
//
// Swift cannot call ICU's C API directly: every function is a macro that renames it with the
// library's major version (ubrk_next -> ubrk_next_72). These wrappers are compiled against the
// headers, so the renaming happens here and Swift sees stable, unversioned names.
//
// All texts cross this boundary as UTF-8; offsets reported back are UTF-8 byte offsets, so the
// Swift side turns them into String.Index values in O(1).
#ifndef QUILL_ICU_SHIMS_H
#define QUILL_ICU_SHIMS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Break iterator kinds (values of ICU's UBreakIteratorType).
enum {
    QUILL_BREAK_GRAPHEME = 0,
    QUILL_BREAK_WORD = 1,
    QUILL_BREAK_LINE = 2,
    QUILL_BREAK_SENTENCE = 3,
};

/// Segment kinds, in the order of Swift's `TokenKind` raw values.
enum {
    QUILL_KIND_WORD = 0,
    QUILL_KIND_NUMBER = 1,
    QUILL_KIND_PUNCTUATION = 2,
    QUILL_KIND_SYMBOL = 3,
    QUILL_KIND_EMOJI = 4,
    QUILL_KIND_WHITESPACE = 5,
    QUILL_KIND_OTHER = 6,
};

/// One segment between two adjacent break boundaries, in UTF-8 byte offsets from the text start.
/// `content_end` is `end` minus the whitespace that closes the segment (sentence and line
/// segments include their trailing spaces in ICU; word and grapheme segments never do, so there
/// `content_end == end`). A segment made only of whitespace has kind WHITESPACE and
/// `content_end == end`.
typedef struct {
    int64_t start;
    int64_t content_end;
    int64_t end;
    int32_t rule_status;
    int32_t kind;
} QuillSegment;

/// A token: a segment without its closing whitespace, plus where the whitespace after it ends
/// (`trailing_end == end` when none follows; always so for whitespace tokens).
typedef struct {
    int64_t start;
    int64_t end;
    int64_t trailing_end;
    int32_t kind;
    int32_t reserved;
} QuillToken;

/// Which tokens quill_breaker_next_tokens leaves out.
enum {
    QUILL_OMIT_WHITESPACE = 1,
    QUILL_OMIT_PUNCTUATION = 2,
};

typedef struct QuillBreaker QuillBreaker;

/// Opens a break iterator of `type` (QUILL_BREAK_*) for `locale` ("" or "root" for the root
/// rules). Returns NULL and sets `*error` (an ICU UErrorCode) on failure.
QuillBreaker *quill_breaker_open(int32_t type, const char *locale, int32_t *error);
void quill_breaker_close(QuillBreaker *breaker);

/// Sets the text, given as valid UTF-8 (`length` bytes, at most INT32_MAX / 2). The bytes must
/// stay alive and unchanged until the next call to set_text or close. Returns an ICU UErrorCode
/// (0 or negative: success).
int32_t quill_breaker_set_text(QuillBreaker *breaker, const uint8_t *utf8, int64_t length);

/// Writes up to `capacity` of the next segments of the current text into `out` and returns how
/// many were written; 0 once the text is exhausted.
int32_t quill_breaker_next_segments(QuillBreaker *breaker, QuillSegment *out, int32_t capacity);

/// Points `*out` at the next tokens of the current text (a buffer the breaker owns, valid until
/// the next call) and returns how many there are; 0 once the text is exhausted. A token is
/// returned only once the whitespace after it is known, so whitespace tokens come right after the
/// token they follow. `omit` is a combination of QUILL_OMIT_*. Do not mix with
/// quill_breaker_next_segments on the same text.
int32_t quill_breaker_next_tokens(QuillBreaker *breaker, int32_t omit, const QuillToken **out);

/// For tests: how many word segments of `utf8` break the assumption the segmentation loop makes
/// without calling ubrk_getRuleStatus (a segment that starts with ASCII whitespace has status
/// none), checked against ICU itself.
int64_t quill_word_status_shortcut_violations(const char *locale, const uint8_t *utf8, int64_t length);

/// Normalization forms.
enum {
    QUILL_NFC = 0,
    QUILL_NFD = 1,
    QUILL_NFKC = 2,
    QUILL_NFKD = 3,
};

/// Normalizes `utf8[0..<length]` into `out` (capacity `capacity` bytes) and returns the number of
/// bytes the result needs. When that exceeds `capacity`, nothing useful was written: call again
/// with a larger buffer. Returns -1 and sets `*error` on an ICU failure.
int64_t quill_normalize(int32_t form, const uint8_t *utf8, int64_t length,
                        uint8_t *out, int64_t capacity, int32_t *error);

/// 1 when `utf8[0..<length]` is already in `form`, 0 when not, -1 on an ICU failure.
int32_t quill_is_normalized(int32_t form, const uint8_t *utf8, int64_t length, int32_t *error);

/// Full Unicode default case folding (CaseFolding.txt statuses C and F), with the same buffer
/// contract as quill_normalize.
int64_t quill_fold_case(const uint8_t *utf8, int64_t length,
                        uint8_t *out, int64_t capacity, int32_t *error);

/// ICU's name for an error code ("U_ILLEGAL_ARGUMENT_ERROR").
const char *quill_error_name(int32_t error);

/// The ICU version ("72.1") and the Unicode version it implements ("15.0").
void quill_icu_versions(char icu[16], char unicode[16]);

#ifdef __cplusplus
}
#endif

#endif
