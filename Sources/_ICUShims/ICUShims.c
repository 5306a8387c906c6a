// See include/ICUShims.h. The segmentation loop lives here, not in Swift, because it runs once per
// segment over the whole input: converting UTF-16 boundaries to UTF-8 offsets and classifying
// segments next to the ICU calls keeps the per-segment cost to a few nanoseconds.
#include "ICUShims.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

struct QuillBreaker {
    UBreakIterator *iterator;
    int32_t type;
    UChar *utf16;          // the current text, converted once
    int32_t utf16_length;
    int32_t utf16_capacity;
    int32_t previous16;    // boundary the next segment starts at, in UTF-16 units
    int64_t previous8;     // the same boundary in UTF-8 bytes
    int ascii;             // all ASCII: UTF-16 and UTF-8 offsets are equal
    int32_t icu_position;  // where ICU's iterator stands (it skips stretches of ASCII graphemes)
    int done;
    // Token assembly (quill_breaker_next_tokens).
    QuillToken *tokens;
    int32_t token_capacity;
    QuillSegment lookahead;  // a segment read but not yet turned into tokens
    int has_lookahead;
};

QuillBreaker *quill_breaker_open(int32_t type, const char *locale, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open((UBreakIteratorType)type, locale, NULL, 0, &status);
    if (U_FAILURE(status)) {
        *error = status;
        return NULL;
    }
    QuillBreaker *breaker = calloc(1, sizeof(QuillBreaker));
    if (!breaker) {
        ubrk_close(iterator);
        *error = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    breaker->iterator = iterator;
    breaker->type = type;
    breaker->done = 1;
    *error = U_ZERO_ERROR;
    return breaker;
}

void quill_breaker_close(QuillBreaker *breaker) {
    if (!breaker) return;
    ubrk_close(breaker->iterator);
    free(breaker->utf16);
    free(breaker->tokens);
    free(breaker);
}

int32_t quill_breaker_set_text(QuillBreaker *breaker, const uint8_t *utf8, int64_t length) {
    if (length < 0 || length > INT32_MAX / 2) return U_INDEX_OUTOFBOUNDS_ERROR;
    // UTF-16 never needs more units than UTF-8 has bytes.
    int32_t needed = (int32_t)length + 1;
    if (needed > breaker->utf16_capacity) {
        UChar *grown = realloc(breaker->utf16, (size_t)needed * sizeof(UChar));
        if (!grown) return U_MEMORY_ALLOCATION_ERROR;
        breaker->utf16 = grown;
        breaker->utf16_capacity = needed;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = 0;
    u_strFromUTF8(breaker->utf16, breaker->utf16_capacity, &written, (const char *)utf8,
                  (int32_t)length, &status);
    if (U_FAILURE(status)) return status;
    breaker->utf16_length = written;
    // Every non-ASCII character is shorter in UTF-16 units than in UTF-8 bytes.
    breaker->ascii = written == length;
    ubrk_setText(breaker->iterator, breaker->utf16, written, &status);
    if (U_FAILURE(status)) return status;
    breaker->previous16 = ubrk_first(breaker->iterator);
    breaker->previous8 = 0;
    breaker->icu_position = breaker->previous16;
    breaker->done = written == 0;
    breaker->has_lookahead = 0;
    return U_ZERO_ERROR;
}

// ---- classification ----

/// Kinds of the ASCII range: letters, digits, punctuation (general category P), symbols (S),
/// whitespace (White_Space) and other (controls).
static const uint8_t ascii_kind[128] = {
#define O QUILL_KIND_OTHER
#define W QUILL_KIND_WHITESPACE
#define P QUILL_KIND_PUNCTUATION
#define S QUILL_KIND_SYMBOL
#define N QUILL_KIND_NUMBER
#define L QUILL_KIND_WORD
    O, O, O, O, O, O, O, O, O, W, W, W, W, W, O, O,  // 0x00 (tab, LF, VT, FF, CR)
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,  // 0x10
    W, P, P, P, S, P, P, P, P, P, P, S, P, P, P, P,  // space ! " # $ % & ' ( ) * + , - . /
    N, N, N, N, N, N, N, N, N, N, P, P, S, S, S, P,  // 0-9 : ; < = > ?
    P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,  // @ A-O
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, S, P,  // P-Z [ \ ] ^ _
    S, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,  // ` a-o
    L, L, L, L, L, L, L, L, L, L, L, P, S, P, S, O,  // p-z { | } ~ DEL
#undef O
#undef W
#undef P
#undef S
#undef N
#undef L
};

static int is_keycap(const UChar *rest, int32_t length) {
    return (length >= 1 && rest[0] == 0x20E3) ||
           (length >= 2 && rest[0] == 0xFE0F && rest[1] == 0x20E3);
}

/// Emoji: code points shown as emoji by default, regional-indicator flags, and pictographs
/// followed by a variation selector 16, a zero-width joiner or a skin-tone modifier. A plain "©"
/// stays a symbol.
static int is_emoji(UChar32 c, const UChar *rest, int32_t length) {
    if (u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION) ||
        u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR))
        return 1;
    if (length >= 1 && u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) {
        if (rest[0] == 0xFE0F || rest[0] == 0x200D) return 1;
        // U+1F3FB..U+1F3FF (skin tones) are D83C DFFB..DFFF.
        if (length >= 2 && rest[0] == 0xD83C && rest[1] >= 0xDFFB && rest[1] <= 0xDFFF) return 1;
    }
    return 0;
}

/// The kind of the segment `text[0..<length]` (length >= 1), by its first code point.
static int32_t classify(const UChar *text, int32_t length) {
    UChar32 c = text[0];
    int32_t first = 1;
    if (U16_IS_LEAD(c) && length >= 2 && U16_IS_TRAIL(text[1])) {
        c = U16_GET_SUPPLEMENTARY(c, text[1]);
        first = 2;
    }
    if (c < 0x80) {
        int32_t kind = ascii_kind[c];
        if ((kind == QUILL_KIND_NUMBER || c == '#' || c == '*') && is_keycap(text + 1, length - 1))
            return QUILL_KIND_EMOJI;
        return kind;
    }
    if (u_isUWhiteSpace(c)) return QUILL_KIND_WHITESPACE;
    if (is_emoji(c, text + first, length - first)) return QUILL_KIND_EMOJI;
    switch (u_charType(c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER:
        return QUILL_KIND_WORD;
    case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER:
        return QUILL_KIND_NUMBER;
    case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION: case U_OTHER_PUNCTUATION: case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
        return QUILL_KIND_PUNCTUATION;
    case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL:
        return QUILL_KIND_SYMBOL;
    default:  // marks without a base, controls, format characters, private use, unassigned
        return QUILL_KIND_OTHER;
    }
}

/// UTF-8 length of the UTF-16 code units `text[0..<length]` (a surrogate pair counts 2 + 2).
static inline int64_t utf8_length(const UChar *text, int32_t length) {
    int64_t bytes = 0;
    for (int32_t i = 0; i < length; i++) {
        UChar u = text[i];
        bytes += u < 0x80 ? 1 : u < 0x800 ? 2 : U16_IS_SURROGATE(u) ? 2 : 3;
    }
    return bytes;
}

/// Reads the next segment into `s`; returns 0 at the end of the text.
static inline int next_segment(QuillBreaker *breaker, QuillSegment *s) {
    if (breaker->done) return 0;
    const int32_t type = breaker->type;
    const int32_t start16 = breaker->previous16;
    const UChar *text = breaker->utf16;
    int32_t next;
    if (type == QUILL_BREAK_GRAPHEME && start16 < breaker->utf16_length && text[start16] < 0x80 &&
        (start16 + 1 == breaker->utf16_length ||
         (text[start16 + 1] < 0x80 && !(text[start16] == '\r' && text[start16 + 1] == '\n')))) {
        // Between two ASCII characters there is always a grapheme boundary except inside CR LF
        // (GB3; every other no-break rule involves a non-ASCII class), and the text ends in one.
        next = start16 + 1;
    } else {
        next = breaker->icu_position == start16 ? ubrk_next(breaker->iterator)
                                                : ubrk_following(breaker->iterator, start16);
        if (next == UBRK_DONE) {
            breaker->done = 1;
            return 0;
        }
        breaker->icu_position = next;
    }
    const int32_t length16 = next - start16;
    const UChar *segment = text + start16;
    s->start = breaker->previous8;
    s->end = s->start + (breaker->ascii ? length16 : utf8_length(segment, length16));
    s->content_end = s->end;
    s->rule_status = 0;

    if (type == QUILL_BREAK_WORD && segment[0] < 0x80 && ascii_kind[segment[0]] == QUILL_KIND_WHITESPACE) {
        // Known without asking ICU: a segment that starts with ASCII whitespace matched no rule
        // (status UBRK_WORD_NONE). Letters are not so simple: "p0001" has a number status.
        // RuleStatusShortcutTests checks this against ICU.
        s->kind = QUILL_KIND_WHITESPACE;
        s->rule_status = UBRK_WORD_NONE;
    } else if (type == QUILL_BREAK_WORD) {
        int32_t status = ubrk_getRuleStatus(breaker->iterator);
        s->rule_status = status;
        if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
            s->kind = is_keycap(segment + 1, length16 - 1) ? QUILL_KIND_EMOJI : QUILL_KIND_NUMBER;
        else if (status >= UBRK_WORD_LETTER)
            s->kind = QUILL_KIND_WORD;
        else
            s->kind = classify(segment, length16);
    } else if (type == QUILL_BREAK_GRAPHEME) {
        s->kind = classify(segment, length16);
    } else {
        // Sentence and line segments end with their spaces: split them off (all of White_Space
        // is in the BMP, so no surrogate needs decoding here).
        int32_t content16 = length16;
        while (content16 > 0 && !U16_IS_SURROGATE(segment[content16 - 1]) &&
               u_isUWhiteSpace(segment[content16 - 1]))
            content16--;
        if (type == QUILL_BREAK_LINE) s->rule_status = ubrk_getRuleStatus(breaker->iterator);
        if (content16 == 0) {
            s->kind = QUILL_KIND_WHITESPACE;
        } else {
            s->content_end = s->end - (breaker->ascii ? length16 - content16
                                                      : utf8_length(segment + content16, length16 - content16));
            s->kind = classify(segment, content16);
        }
    }
    breaker->previous16 = next;
    breaker->previous8 = s->end;
    return 1;
}

int32_t quill_breaker_next_segments(QuillBreaker *breaker, QuillSegment *out, int32_t capacity) {
    int32_t count = 0;
    while (count < capacity && next_segment(breaker, &out[count])) count++;
    return count;
}

// ---- token assembly ----

/// Appends a token; returns 0 when memory runs out.
static inline int push_token(QuillBreaker *breaker, int32_t *count, int64_t start, int64_t end, int32_t kind) {
    if (*count == breaker->token_capacity) {
        int32_t grown = breaker->token_capacity ? breaker->token_capacity * 2 : 2048;
        QuillToken *tokens = realloc(breaker->tokens, (size_t)grown * sizeof(QuillToken));
        if (!tokens) return 0;
        breaker->tokens = tokens;
        breaker->token_capacity = grown;
    }
    QuillToken *token = &breaker->tokens[(*count)++];
    token->start = start;
    token->end = end;
    token->trailing_end = end;
    token->kind = kind;
    token->reserved = 0;
    return 1;
}

/// Whitespace from `start` to `end` after the token at `open` (-1: none).
static inline int add_whitespace(QuillBreaker *breaker, int32_t *count, int32_t open, int omit_whitespace,
                                 int64_t start, int64_t end) {
    if (open >= 0) breaker->tokens[open].trailing_end = end;
    return omit_whitespace ? 1 : push_token(breaker, count, start, end, QUILL_KIND_WHITESPACE);
}

int32_t quill_breaker_next_tokens(QuillBreaker *breaker, int32_t omit, const QuillToken **out) {
    enum { BATCH = 1024 };
    const int omit_whitespace = (omit & QUILL_OMIT_WHITESPACE) != 0;
    const int omit_punctuation = (omit & QUILL_OMIT_PUNCTUATION) != 0;
    int32_t count = 0;
    int32_t open = -1;  // the token whose trailing whitespace is still growing
    QuillSegment s;
    for (;;) {
        if (breaker->has_lookahead) {
            s = breaker->lookahead;
            breaker->has_lookahead = 0;
        } else if (!next_segment(breaker, &s)) {
            break;
        }
        if (s.kind == QUILL_KIND_WHITESPACE) {
            if (!add_whitespace(breaker, &count, open, omit_whitespace, s.start, s.end)) break;
            continue;
        }
        // A non-whitespace segment settles everything before it: stop here once a batch is full.
        if (count >= BATCH) {
            breaker->lookahead = s;
            breaker->has_lookahead = 1;
            break;
        }
        open = -1;
        if (!(omit_punctuation && s.kind == QUILL_KIND_PUNCTUATION)) {
            if (!push_token(breaker, &count, s.start, s.content_end, s.kind)) break;
            open = count - 1;
        }
        if (s.content_end < s.end &&
            !add_whitespace(breaker, &count, open, omit_whitespace, s.content_end, s.end))
            break;
    }
    *out = breaker->tokens;
    return count;
}

int64_t quill_word_status_shortcut_violations(const char *locale, const uint8_t *utf8, int64_t length) {
    int32_t error = 0;
    QuillBreaker *breaker = quill_breaker_open(QUILL_BREAK_WORD, locale, &error);
    if (!breaker || quill_breaker_set_text(breaker, utf8, length) > 0) {
        quill_breaker_close(breaker);
        return -1;
    }
    int64_t violations = 0;
    int32_t start = ubrk_first(breaker->iterator), end;
    while ((end = ubrk_next(breaker->iterator)) != UBRK_DONE) {
        UChar first = breaker->utf16[start];
        int32_t status = ubrk_getRuleStatus(breaker->iterator);
        if (first < 0x80 && ascii_kind[first] == QUILL_KIND_WHITESPACE && status >= UBRK_WORD_NONE_LIMIT) violations++;
        start = end;
    }
    quill_breaker_close(breaker);
    return violations;
}

// ---- normalization and case folding ----

/// Converts `utf8` to a malloc'ed UTF-16 buffer; NULL on failure (with *status set).
static UChar *to_utf16(const uint8_t *utf8, int64_t length, int32_t *out_length, UErrorCode *status) {
    if (length < 0 || length > INT32_MAX / 4) {
        *status = U_INDEX_OUTOFBOUNDS_ERROR;
        return NULL;
    }
    UChar *buffer = malloc(((size_t)length + 1) * sizeof(UChar));
    if (!buffer) {
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    u_strFromUTF8(buffer, (int32_t)length + 1, out_length, (const char *)utf8, (int32_t)length, status);
    if (U_FAILURE(*status)) {
        free(buffer);
        return NULL;
    }
    return buffer;
}

/// Writes UTF-16 `text` as UTF-8 into `out` and returns the bytes needed (may exceed capacity).
static int64_t to_utf8(const UChar *text, int32_t length, uint8_t *out, int64_t capacity,
                       UErrorCode *status) {
    int32_t needed = 0;
    int32_t cap = capacity > INT32_MAX ? INT32_MAX : (int32_t)capacity;
    u_strToUTF8((char *)out, cap, &needed, text, length, status);
    if (*status == U_BUFFER_OVERFLOW_ERROR || *status == U_STRING_NOT_TERMINATED_WARNING)
        *status = U_ZERO_ERROR;
    return needed;
}

static const UNormalizer2 *normalizer(int32_t form, UErrorCode *status) {
    switch (form) {
    case QUILL_NFC: return unorm2_getNFCInstance(status);
    case QUILL_NFD: return unorm2_getNFDInstance(status);
    case QUILL_NFKC: return unorm2_getNFKCInstance(status);
    case QUILL_NFKD: return unorm2_getNFKDInstance(status);
    default: *status = U_ILLEGAL_ARGUMENT_ERROR; return NULL;
    }
}

/// Applies `transform` (which writes into dest, capacity in units, and returns the length it
/// needs) to UTF-8 text, growing the UTF-16 result buffer once if needed.
typedef int32_t (*utf16_transform)(const void *context, const UChar *source, int32_t length,
                                   UChar *dest, int32_t capacity, UErrorCode *status);

static int64_t transform_utf8(utf16_transform transform, const void *context,
                              const uint8_t *utf8, int64_t length, uint8_t *out, int64_t capacity,
                              int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t length16 = 0;
    UChar *source = to_utf16(utf8, length, &length16, &status);
    if (!source) {
        *error = status;
        return -1;
    }
    int32_t dest_capacity = length16 + 16;
    UChar *dest = NULL;
    int32_t needed = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        free(dest);
        dest = malloc((size_t)dest_capacity * sizeof(UChar));
        if (!dest) {
            status = U_MEMORY_ALLOCATION_ERROR;
            break;
        }
        status = U_ZERO_ERROR;
        needed = transform(context, source, length16, dest, dest_capacity, &status);
        if (status != U_BUFFER_OVERFLOW_ERROR) break;
        dest_capacity = needed + 1;
    }
    int64_t result = -1;
    if (U_SUCCESS(status)) result = to_utf8(dest, needed, out, capacity, &status);
    free(source);
    free(dest);
    *error = U_FAILURE(status) ? status : U_ZERO_ERROR;
    return U_FAILURE(status) ? -1 : result;
}

static int32_t normalize_transform(const void *context, const UChar *source, int32_t length,
                                   UChar *dest, int32_t capacity, UErrorCode *status) {
    return unorm2_normalize((const UNormalizer2 *)context, source, length, dest, capacity, status);
}

static int32_t fold_transform(const void *context, const UChar *source, int32_t length,
                              UChar *dest, int32_t capacity, UErrorCode *status) {
    (void)context;
    return u_strFoldCase(dest, capacity, source, length, U_FOLD_CASE_DEFAULT, status);
}

int64_t quill_normalize(int32_t form, const uint8_t *utf8, int64_t length,
                        uint8_t *out, int64_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = normalizer(form, &status);
    if (U_FAILURE(status)) {
        *error = status;
        return -1;
    }
    return transform_utf8(normalize_transform, n, utf8, length, out, capacity, error);
}

int32_t quill_is_normalized(int32_t form, const uint8_t *utf8, int64_t length, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = normalizer(form, &status);
    int32_t length16 = 0;
    UChar *source = U_SUCCESS(status) ? to_utf16(utf8, length, &length16, &status) : NULL;
    if (!source) {
        *error = status;
        return -1;
    }
    UBool result = unorm2_isNormalized(n, source, length16, &status);
    free(source);
    *error = U_FAILURE(status) ? status : U_ZERO_ERROR;
    return U_FAILURE(status) ? -1 : (result ? 1 : 0);
}

int64_t quill_fold_case(const uint8_t *utf8, int64_t length,
                        uint8_t *out, int64_t capacity, int32_t *error) {
    return transform_utf8(fold_transform, NULL, utf8, length, out, capacity, error);
}

const char *quill_error_name(int32_t error) { return u_errorName((UErrorCode)error); }

void quill_icu_versions(char icu[16], char unicode[16]) {
    UVersionInfo version;
    u_getVersion(version);
    u_versionToString(version, icu);
    u_getUnicodeVersion(version);
    u_versionToString(version, unicode);
}
