// JSON lines as Python's `json.dumps` writes them (common.py's records).

public enum JSONValue: Sendable {
    case string(String)
    case number(Double)
    case integer(Int)

    public var encoded: String {
        switch self {
        case .integer(let value): return String(value)
        case .number(let value):
            guard value.isFinite else { return "null" }
            if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) + ".0" }
            return "\(value)"
        case .string(let text):
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
    }
}

/// A JSON object whose keys keep their insertion order (as Python's `json.dumps` of a dict).
public struct Record: Sendable {
    public private(set) var fields: [(key: String, value: JSONValue)] = []

    public init() {}

    public subscript(key: String) -> JSONValue? {
        get { fields.first { $0.key == key }?.value }
        set {
            guard let newValue else { fields.removeAll { $0.key == key }; return }
            if let index = fields.firstIndex(where: { $0.key == key }) {
                fields[index].value = newValue
            } else {
                fields.append((key, newValue))
            }
        }
    }

    /// `{"key": value, ...}`, without the newline.
    public var line: String {
        "{" + fields.map { JSONValue.string($0.key).encoded + ": " + $0.value.encoded }.joined(separator: ", ") + "}"
    }
}
