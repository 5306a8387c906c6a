/// What is wrong with a model file (a safetensors file), in a sentence a user can act on.
///
/// Every description starts with the file and names the tensor concerned:
///
///     model.quill: no tensor named 'weight_hh_l1'.
///     model.quill: tensor 'bias' ends at byte 4096 of the data but the file holds only 4000 data bytes; the file is truncated (96 bytes missing).
///
/// `source` is the path for files and the caller's label for ``SafeTensors/init(bytes:source:)``.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    // Reading
    case cannotOpen(source: String, reason: String)
    case readFailed(source: String, reason: String)

    // Framing and header
    case fileTooShort(source: String, size: Int)
    case headerTooLarge(source: String, length: UInt64, limit: Int)
    case truncatedHeader(source: String, length: Int, available: Int)
    case headerNotUTF8(source: String, offset: Int)
    case headerNotJSON(source: String, offset: Int, problem: String)
    case headerNotObject(source: String, found: String)
    case duplicateName(source: String, name: String)

    // Metadata
    case metadataNotObject(source: String, found: String)
    case duplicateMetadataKey(source: String, key: String)
    case metadataValueNotString(source: String, key: String, found: String)

    // Tensor entries
    case entryNotObject(source: String, tensor: String, found: String)
    case duplicateField(source: String, tensor: String, field: String)
    case missingField(source: String, tensor: String, field: String)
    case wrongFieldType(source: String, tensor: String, field: String, expected: String, found: String)
    case unknownDType(source: String, tensor: String, dtype: String)
    case negativeDimension(source: String, tensor: String, shape: [Int])
    case shapeTooLarge(source: String, tensor: String, shape: [Int])
    case invalidOffsets(source: String, tensor: String, begin: Int, end: Int)
    case truncatedData(source: String, tensor: String, end: Int, available: Int)
    case byteLengthMismatch(source: String, tensor: String, dtype: String, shape: [Int], byteLength: Int, expected: Int)

    // Layout of the data
    case overlappingTensors(source: String, tensor: String, other: String)
    case gapBeforeTensor(source: String, tensor: String, from: Int, to: Int)
    case trailingBytes(source: String, count: Int, after: String?)

    // Access
    case noTensor(source: String, name: String)
    case wrongDType(source: String, tensor: String, dtype: String, expected: [String])

    // Quill's model metadata
    case notAQuillModel(source: String)
    case newerFormatVersion(source: String, version: Int, supported: Int)
    case wrongKind(source: String, kind: String, expected: [String])
    case checksumMismatch(source: String, stored: String, computed: String)
    case missingMetadata(source: String, key: String)
    case invalidMetadata(source: String, key: String, problem: String)
    case shapeMismatch(source: String, tensor: String, shape: [Int], expected: [Int])

    // Writing
    case invalidTensorName(path: String, name: String, reason: String)
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(source, reason):
            return "\(source): cannot open the file: \(reason)."
        case let .readFailed(source, reason):
            return "\(source): cannot read the file: \(reason)."
        case let .fileTooShort(source, size):
            return "\(source): the file is \(size) bytes long, shorter than the 8-byte header length that starts every safetensors file."
        case let .headerTooLarge(source, length, limit):
            return "\(source): the header length field says \(length) bytes, more than the \(limit)-byte limit; the file is corrupt or not a safetensors file."
        case let .truncatedHeader(source, length, available):
            return "\(source): the header length field says \(length) bytes but only \(available) bytes follow it; the file is truncated (\(length - available) bytes missing) or not a safetensors file."
        case let .headerNotUTF8(source, offset):
            return "\(source): the header is not valid UTF-8 (at byte \(offset) of the header)."
        case let .headerNotJSON(source, offset, problem):
            return "\(source): the header is not valid JSON: \(problem) at byte \(offset) of the header."
        case let .headerNotObject(source, found):
            return "\(source): the header must be a JSON object mapping tensor names to entries, but it is \(found)."
        case let .duplicateName(source, name):
            return "\(source): the header lists tensor '\(name)' more than once."
        case let .metadataNotObject(source, found):
            return "\(source): '__metadata__' must be an object mapping strings to strings, but it is \(found)."
        case let .duplicateMetadataKey(source, key):
            return "\(source): metadata key '\(key)' appears more than once."
        case let .metadataValueNotString(source, key, found):
            return "\(source): metadata value '\(key)' must be a string, but it is \(found)."
        case let .entryNotObject(source, tensor, found):
            return "\(source): the entry for tensor '\(tensor)' must be an object with dtype, shape and data_offsets, but it is \(found)."
        case let .duplicateField(source, tensor, field):
            return "\(source): tensor '\(tensor)' has the field '\(field)' more than once."
        case let .missingField(source, tensor, field):
            return "\(source): tensor '\(tensor)' has no '\(field)' field."
        case let .wrongFieldType(source, tensor, field, expected, found):
            return "\(source): tensor '\(tensor)': '\(field)' must be \(expected), but it is \(found)."
        case let .unknownDType(source, tensor, dtype):
            return "\(source): tensor '\(tensor)' has dtype '\(dtype)', which is not a dtype this reader knows (\(SafeTensors.DType.allCases.map(\.rawValue).joined(separator: ", ")))."
        case let .negativeDimension(source, tensor, shape):
            return "\(source): tensor '\(tensor)' has a negative dimension in its shape \(shape)."
        case let .shapeTooLarge(source, tensor, shape):
            return "\(source): tensor '\(tensor)' has shape \(shape), whose byte size does not fit in a 64-bit integer."
        case let .invalidOffsets(source, tensor, begin, end):
            if begin < 0 || end < 0 {
                return "\(source): tensor '\(tensor)' has negative data_offsets [\(begin), \(end)]."
            }
            return "\(source): tensor '\(tensor)' has data_offsets [\(begin), \(end)], whose begin is after its end."
        case let .truncatedData(source, tensor, end, available):
            return "\(source): tensor '\(tensor)' ends at byte \(end) of the data but the file holds only \(available) data bytes; the file is truncated (\(end - available) bytes missing)."
        case let .byteLengthMismatch(source, tensor, dtype, shape, byteLength, expected):
            return "\(source): tensor '\(tensor)' (\(dtype), shape \(shape)) needs \(expected) bytes but its data_offsets span \(byteLength)."
        case let .overlappingTensors(source, tensor, other):
            return "\(source): the data of tensors '\(other)' and '\(tensor)' overlap."
        case let .gapBeforeTensor(source, tensor, from, to):
            return "\(source): data bytes \(from)..<\(to) before tensor '\(tensor)' belong to no tensor; the data must be covered without holes."
        case let .trailingBytes(source, count, after):
            if let after {
                return "\(source): \(count) data bytes after the last tensor '\(after)' belong to no tensor; the data must be covered without holes."
            }
            return "\(source): the file has no tensors but \(count) data bytes follow the header."
        case let .noTensor(source, name):
            return "\(source): no tensor named '\(name)'."
        case let .wrongDType(source, tensor, dtype, expected):
            return "\(source): tensor '\(tensor)' has dtype \(dtype), expected \(Self.list(expected))."
        case let .notAQuillModel(source):
            return "\(source): not a Quill model file (a safetensors file without Quill's 'format' metadata); was it saved by another program?"
        case let .newerFormatVersion(source, version, supported):
            return "\(source): model format version \(version) is newer than this Quill reads (up to \(supported)); update Quill to load it."
        case let .wrongKind(source, kind, expected):
            let article = kind.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            return "\(source): this is \(article) '\(kind)' model, but \(Self.list(expected.map { "'\($0)'" })) is needed here."
        case let .checksumMismatch(source, stored, computed):
            return "\(source): the tensor data is corrupt: its CRC-32 is \(computed) but the file records \(stored)."
        case let .missingMetadata(source, key):
            return "\(source): the metadata has no '\(key)' entry."
        case let .invalidMetadata(source, key, problem):
            return "\(source): metadata '\(key)': \(problem)."
        case let .shapeMismatch(source, tensor, shape, expected):
            return "\(source): tensor '\(tensor)' has shape \(shape), but the model's configuration needs \(expected)."
        case let .invalidTensorName(path, name, reason):
            return "\(path): cannot write tensor '\(name)': \(reason)."
        case let .cannotCreate(path, reason):
            return "\(path): cannot create the file: \(reason)."
        case let .writeFailed(path, reason):
            return "\(path): write failed: \(reason)."
        }
    }

    /// "F32", "F32 or F16", "F32, F16 or BF16".
    private static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "nothing" }
        if items.count == 1 { return last }
        return items.dropLast().joined(separator: ", ") + " or " + last
    }
}
