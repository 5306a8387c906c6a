/// Checks shared by the writers.
enum FieldValidation {
    /// `nil` if `value` can be written as a column separated by `separators`; otherwise why not.
    static func problem(with value: String, what: String, forbidding separators: Set<UInt8>) -> String? {
        if value.isEmpty { return "\(what) is empty" }
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return "\(what) contains a line break" }
            if separators.contains(byte) {
                return byte == UInt8(ascii: "\t") ? "\(what) contains a tab" : "\(what) contains a space"
            }
        }
        return nil
    }
}
