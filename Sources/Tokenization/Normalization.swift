import _ICUShims

/// Unicode normalization forms (UAX #15).
public enum NormalizationForm: String, Sendable, CaseIterable {
    /// Canonical composition: "e\u{301}" becomes "é". What text on the web mostly is.
    case nfc
    /// Canonical decomposition: "é" becomes "e\u{301}".
    case nfd
    /// Compatibility composition: also folds "ﬁ" to "fi", "①" to "1", full-width to ASCII.
    case nfkc
    /// Compatibility decomposition.
    case nfkd

    var icuForm: Int32 {
        switch self {
        case .nfc: Int32(QUILL_NFC)
        case .nfd: Int32(QUILL_NFD)
        case .nfkc: Int32(QUILL_NFKC)
        case .nfkd: Int32(QUILL_NFKD)
        }
    }
}

/// Normalization and case folding through ICU.
///
/// Swift's `==` on strings already ignores canonical differences; these functions change the
/// stored scalars, which matters for anything keyed or counted by bytes (vocabularies, model
/// inputs, output files).
public enum TextNormalization {
    /// `text` in the normalization form `form`.
    ///
    ///     TextNormalization.normalize("Cafe\u{301}", to: .nfc)   // "Café" as 4 scalars
    public static func normalize(_ text: String, to form: NormalizationForm) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }   // ASCII is in every form
        return transform(text) { input, length, output, capacity, error in
            quill_normalize(form.icuForm, input, length, output, capacity, &error)
        }
    }

    /// Whether `text` is already in `form` (ICU's quick check, then a full check where needed).
    public static func isNormalized(_ text: String, _ form: NormalizationForm) -> Bool {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return true }
        var copy = text
        return copy.withUTF8 { bytes in
            var error: Int32 = 0
            return quill_is_normalized(form.icuForm, bytes.baseAddress, Int64(bytes.count), &error) == 1
        }
    }

    /// Full default case folding (CaseFolding.txt, statuses C and F): "Straße" and "STRASSE" both
    /// fold to "strasse". For caseless matching, not for display.
    public static func caseFold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return transform(text) { input, length, output, capacity, error in
            quill_fold_case(input, length, output, capacity, &error)
        }
    }

    /// Runs an ICU transform with the "returns the size it needs" contract, growing the output
    /// once when the first guess was too small.
    private static func transform(
        _ text: String,
        _ call: (UnsafePointer<UInt8>?, Int64, UnsafeMutablePointer<UInt8>?, Int64, inout Int32) -> Int64
    ) -> String {
        var copy = text
        return copy.withUTF8 { input in
            var capacity = input.count * 3 + 16
            while true {
                var error: Int32 = 0
                var needed: Int64 = 0
                let result = String(unsafeUninitializedCapacity: capacity) { output in
                    needed = call(input.baseAddress, Int64(input.count), output.baseAddress, Int64(output.count), &error)
                    return needed >= 0 && needed <= output.count ? Int(needed) : 0
                }
                // Valid UTF-8 in, valid UTF-8 out: ICU fails here only when out of memory.
                precondition(needed >= 0, "ICU failed: \(String(cString: quill_error_name(error)))")
                if needed <= capacity { return result }
                capacity = Int(needed)
            }
        }
    }
}
