import _ICUShims

/// Cuts text into graphemes, words, sentences or line-break pieces with ICU's break iterators.
///
///     let tokenizer = try Tokenizer(unit: .word, options: .omitWhitespace)
///     let text = "Don't panic: 42 🐳!"
///     for token in tokenizer.tokens(in: text) {
///         print(text[token.range], token.kind)   // Don't word, : punctuation, 42 number, 🐳 emoji, ! punctuation
///     }
///
/// Tokens are ranges into the caller's string, never copies (see `Token`). A tokenizer keeps one
/// ICU iterator and reuses it for every call: it is cheap to call often but not thread-safe, so give
/// each thread its own. Texts of any size work; `forEachBlock(of:body:)` tokenizes files and pipes in
/// bounded memory.
public final class Tokenizer {
    public let unit: TokenUnit
    /// The ICU locale whose rules apply ("en", "th", "ja"; "root" for the untailored rules).
    /// Sentences use the locale's abbreviation list (ICU's `ss=standard`), so "Mr. Smith" is not
    /// cut after "Mr.", unless the locale names its own `ss` keyword (`"en@ss=none"`).
    public let locale: String
    public let options: TokenizerOptions

    private let breaker: OpaquePointer
    private let scratch: UnsafeMutablePointer<QuillSegment>
    private static let scratchCapacity: Int32 = 1024

    /// The largest piece of text handed to ICU at once (ICU indexes UTF-16 with Int32). Longer texts
    /// are cut after a line feed, where every unit has a boundary.
    static let maximumWindow = 1 << 29

    public init(unit: TokenUnit = .word, locale: String = "en", options: TokenizerOptions = []) throws(TokenizationError) {
        self.unit = unit
        self.locale = locale
        self.options = options
        var icuLocale = locale
        if unit == .sentence && !locale.contains("ss=") {
            icuLocale += locale.contains("@") ? ";ss=standard" : "@ss=standard"
        }
        var error: Int32 = 0
        guard let breaker = quill_breaker_open(unit.breakType, icuLocale, &error) else {
            throw .icuFailure("opening a \(unit.rawValue) break iterator for locale \"\(locale)\"",
                              code: String(cString: quill_error_name(error)))
        }
        self.breaker = breaker
        scratch = .allocate(capacity: Int(Self.scratchCapacity))
    }

    deinit {
        quill_breaker_close(breaker)
        scratch.deallocate()
    }

    /// The ICU version in use ("72.1") and the Unicode version it implements ("15.0").
    public static let versions: (icu: String, unicode: String) = {
        var icu = [CChar](repeating: 0, count: 16)
        var unicode = [CChar](repeating: 0, count: 16)
        quill_icu_versions(&icu, &unicode)
        return (decodeCString(icu), decodeCString(unicode))
    }()

    /// The tokens of `text`, in order. Empty text gives no tokens.
    public func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(unit.expectedTokens(utf8Count: text.utf8.count))
        forEachToken(in: text) { tokens.append($0) }
        return tokens
    }

    /// Calls `body` with each token of `text`, in order, without building an array (as
    /// NaturalLanguage's `enumerateTokens(in:using:)`).
    public func forEachToken(in text: String, _ body: (Token) throws -> Void) rethrows {
        var omit: Int32 = 0
        if options.contains(.omitWhitespace) { omit |= Int32(QUILL_OMIT_WHITESPACE) }
        if options.contains(.omitPunctuation) { omit |= Int32(QUILL_OMIT_PUNCTUATION) }
        let utf8 = text.utf8
        try withUTF8(of: text) { bytes in
            var start = 0
            while start < bytes.count {
                var end = windowEnd(bytes, from: start)
                if end < bytes.count && bytes[end - 1] != 0x0A, let cut = holdBackCut(bytes, window: start..<end) {
                    end = cut
                }
                setText(bytes, window: start..<end)
                while true {
                    var batch: UnsafePointer<QuillToken>?
                    let count = Int(quill_breaker_next_tokens(breaker, omit, &batch))
                    if count == 0 { break }
                    for i in 0..<count {
                        let token = batch![i]
                        let lower = utf8.index(utf8.startIndex, offsetBy: start + Int(token.start))
                        let upper = utf8.index(utf8.startIndex, offsetBy: start + Int(token.end))
                        let trailing = token.trailing_end == token.end
                            ? upper : utf8.index(utf8.startIndex, offsetBy: start + Int(token.trailing_end))
                        try body(Token(unchecked: lower..<upper, kind: TokenKind(rawValue: UInt8(truncatingIfNeeded: token.kind)) ?? .other,
                                       trailingWhitespaceEnd: trailing))
                    }
                }
                start = end
            }
        }
    }

    /// Every boundary ICU reports for `text`, from `startIndex` to `endIndex` inclusive (just
    /// `[startIndex]` for empty text). These are the raw break positions the Unicode break tests
    /// specify; sentence and line pieces here still include their trailing spaces.
    public func boundaries(in text: String) -> [String.Index] {
        var result = [text.startIndex]
        withUTF8(of: text) { bytes in
            var start = 0
            while start < bytes.count {
                let end = windowEnd(bytes, from: start)
                forEachSegment(bytes, window: start..<end) { segment in
                    result.append(text.utf8.index(text.utf8.startIndex, offsetBy: start + Int(segment.end)))
                }
                start = end
            }
        }
        return result
    }

    // MARK: - Segmentation

    /// Calls `body` with every segment of `bytes[window]`; offsets are relative to the window.
    func forEachSegment(_ bytes: UnsafeBufferPointer<UInt8>, window: Range<Int>,
                        _ body: (QuillSegment) throws -> Void) rethrows {
        setText(bytes, window: window)
        while true {
            let count = quill_breaker_next_segments(breaker, scratch, Self.scratchCapacity)
            if count == 0 { return }
            for i in 0..<Int(count) { try body(scratch[i]) }
        }
    }

    /// Hands `bytes[window]` to ICU.
    private func setText(_ bytes: UnsafeBufferPointer<UInt8>, window: Range<Int>) {
        let status = quill_breaker_set_text(breaker, bytes.baseAddress! + window.lowerBound, Int64(window.count))
        // The window is valid UTF-8 of at most `maximumWindow` bytes, which ICU always accepts; a
        // failure here could only be an allocation failure.
        precondition(status <= 0, "ICU could not take the text: \(String(cString: quill_error_name(status)))")
    }

    /// Where to cut `bytes[window]` when more text follows it on the same line: before the last
    /// non-whitespace segment that has at least one segment after it, so at least two segments
    /// wait for their context and no token's trailing whitespace is cut in two. Nil when the
    /// window has no such segment (it must grow first).
    func holdBackCut(_ bytes: UnsafeBufferPointer<UInt8>, window: Range<Int>) -> Int? {
        var count = 0
        var latest: (index: Int, start: Int)?   // the last non-whitespace segment
        var before: (index: Int, start: Int)?   // the one before it
        forEachSegment(bytes, window: window) { segment in
            if segment.kind != Int32(QUILL_KIND_WHITESPACE) {
                before = latest
                latest = (count, window.lowerBound + Int(segment.start))
            }
            count += 1
        }
        let candidate = latest.map { $0.index <= count - 2 ? $0 : before } ?? nil
        guard let candidate, candidate.start > window.lowerBound else { return nil }
        return candidate.start
    }

    /// Where the window starting at `start` ends: the end of the text, or just after the last line
    /// feed within `maximumWindow` bytes, or (no line feed there) at `maximumWindow` bytes moved
    /// back to a scalar boundary.
    func windowEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let limit = start + Self.maximumWindow
        if limit >= bytes.count { return bytes.count }
        if let lineFeed = UTF8Scan.lastLineFeed(in: bytes, range: start..<limit) { return lineFeed + 1 }
        return UTF8Scan.scalarBoundary(in: bytes, atOrBefore: limit)
    }

    func withUTF8<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var copy = text
        return try copy.withUTF8(body)   // no copy for native strings (all strings on Linux)
    }
}

private func decodeCString(_ chars: [CChar]) -> String {
    String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
