import Foundation

/// The JSON plumbing shared by ``Vocabulary`` and ``LabelSet``: deterministic encoding, and
/// decoding that checks the `format` and `version` fields first and turns every `DecodingError`
/// into a readable ``VocabularyError``.
enum JSONFormat {
    /// `value` as compact JSON with sorted keys (so equal values give equal text) and `/` unescaped.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            // Only strings, booleans and integers are encoded: this cannot fail.
            preconditionFailure("JSONFormat.encode: \(error)")
        }
    }

    /// Decodes `T` from `data` after checking that `format` is `format` and `version` is one
    /// this build reads (`version`, or an older one).
    static func decode<T: Decodable>(
        _ type: T.Type, from data: Data, format: String, version: Int, source: String
    ) throws(VocabularyError) -> T {
        let header = try decode(Header.self, from: data, source: source)
        guard let foundFormat = header.format else {
            throw .missingField(source: source, field: "format")
        }
        guard foundFormat == format else {
            throw .wrongFormat(source: source, found: foundFormat, expected: format)
        }
        guard let foundVersion = header.version?.value else {
            throw .missingField(source: source, field: "version")
        }
        guard foundVersion <= version else {
            throw .newerVersion(source: source, found: foundVersion, supported: version)
        }
        guard foundVersion >= 1 else {
            throw .invalidVersion(source: source, found: foundVersion, supported: version)
        }
        return try decode(T.self, from: data, source: source)
    }

    private static func decode<T: Decodable>(
        _ type: T.Type, from data: Data, source: String
    ) throws(VocabularyError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw readable(error, source: source)
        } catch {
            throw .malformedJSON(source: source)
        }
    }

    /// The fields every format has, all optional so that their absence gets its own message.
    private struct Header: Decodable {
        var format: String?
        var version: WholeNumber?
    }

    private static func readable(_ error: DecodingError, source: String) -> VocabularyError {
        switch error {
        case let .keyNotFound(key, context):
            return .missingField(source: source, field: path(context.codingPath + [key]))
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            if context.codingPath.isEmpty { return .notAnObject(source: source) }
            return .wrongType(source: source, field: path(context.codingPath), expected: kind(type))
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return .malformedJSON(source: source) }
            return .invalidValue(source: source, field: path(context.codingPath))
        @unknown default:
            return .malformedJSON(source: source)
        }
    }

    /// `tokens[3]`, `specials.unknown`: a coding path as a user reads it.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += (result.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return result
    }

    /// What a value of `type` looks like in JSON, with an article ("a string").
    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is WholeNumber.Type: "a whole number"
        case is any ExpressibleByDictionaryLiteral.Type: "an object ({...})"
        case is any ExpressibleByArrayLiteral.Type: "an array ([...])"
        default: "a \(type)"
        }
    }
}

/// A JSON integer that fits an `Int`. `JSONDecoder` reports `1.5` or `1e40` decoded as `Int` as
/// invalid JSON with no location; this reports it as a wrong type at the value's path.
struct WholeNumber: Codable, Equatable {
    var value: Int

    init(_ value: Int) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self.value = value
        } else if (try? container.decode(Double.self)) != nil {
            throw DecodingError.typeMismatch(Int.self, .init(
                codingPath: decoder.codingPath, debugDescription: "not a whole number that fits Int"))
        } else {
            value = try container.decode(Int.self)   // reports the kind of value found
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
