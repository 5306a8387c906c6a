/// A Quill model file: a safetensors file whose `__metadata__` says what it is.
///
/// Metadata keys Quill writes and checks:
/// - `format`: `"quill"`; `format_version`: an integer, at most ``currentFormatVersion``.
/// - `kind`: what reads it (`"textgen"`, `"tagger"`, `"autocomplete"`; a training checkpoint of a
///   kind `k` is `"k-checkpoint"`).
/// - `data_crc32`: the CRC-32 of every byte after the header (Python: `zlib.crc32(data)`), in hex.
/// - anything else the application stores (its configuration and vocabularies as JSON, the
///   training provenance).
///
/// Loading validates the safetensors framing (``SafeTensors``), then the format, version, kind and
/// checksum, and ``load(_:prefix:)`` checks every parameter's shape against the model built from
/// the configuration, so every failure is a ``ModelFileError`` naming the file and the problem.
public struct ModelFile: Sendable {
    public static let currentFormatVersion = 1

    public let tensors: SafeTensors
    public let kind: String
    public let formatVersion: Int
    /// All metadata, including the keys above.
    public var metadata: [String: String] { tensors.metadata }
    public var source: String { tensors.sourceName }

    /// Reads and validates the model file at `path`; `kinds` lists the kinds the caller accepts
    /// (any when empty).
    public init(contentsOf path: String, kinds: [String] = []) throws(ModelFileError) {
        try self.init(SafeTensors(contentsOf: path), kinds: kinds)
    }

    /// Validates an already-read safetensors file as a Quill model.
    public init(_ file: SafeTensors, kinds: [String] = []) throws(ModelFileError) {
        let source = file.sourceName
        guard file.metadata["format"] == "quill" else { throw .notAQuillModel(source: source) }
        guard let versionText = file.metadata["format_version"] else { throw .missingMetadata(source: source, key: "format_version") }
        guard let version = Int(versionText), version >= 1 else {
            throw .invalidMetadata(source: source, key: "format_version", problem: "'\(versionText)' is not a positive integer")
        }
        guard version <= Self.currentFormatVersion else {
            throw .newerFormatVersion(source: source, version: version, supported: Self.currentFormatVersion)
        }
        guard let kind = file.metadata["kind"] else { throw .missingMetadata(source: source, key: "kind") }
        guard kinds.isEmpty || kinds.contains(kind) else { throw .wrongKind(source: source, kind: kind, expected: kinds) }
        guard let stored = file.metadata["data_crc32"] else { throw .missingMetadata(source: source, key: "data_crc32") }
        let computed = file.dataChecksum().hexadecimal
        guard stored.lowercased() == computed else { throw .checksumMismatch(source: source, stored: stored, computed: computed) }
        tensors = file
        self.kind = kind
        formatVersion = version
    }

    /// The metadata value `key`, or an error naming the file.
    public func value(_ key: String) throws(ModelFileError) -> String {
        guard let value = metadata[key] else { throw .missingMetadata(source: source, key: key) }
        return value
    }

    /// The tensor `name`, which must have `shape`.
    public func tensor(_ name: String, shape: [Int]) throws(ModelFileError) -> Tensor {
        guard let found = tensors.shape(of: name) else { throw .noTensor(source: source, name: name) }
        guard found == shape else { throw .shapeMismatch(source: source, tensor: name, shape: found, expected: shape) }
        return try tensors.tensor(name)
    }

    /// Copies each parameter's stored values (under `prefix + name`) into it, checking shapes.
    public func load(_ parameters: [(name: String, value: Tensor, gradient: Tensor)], prefix: String = "") throws(ModelFileError) {
        for parameter in parameters {
            parameter.value.assign(try tensor(prefix + parameter.name, shape: parameter.value.shape))
        }
    }

    /// Writes a model file atomically (see ``SafeTensors/write(_:metadata:to:)``), adding the
    /// format, version, kind and checksum to `metadata`.
    public static func write(kind: String, tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:],
                             to path: String) throws(ModelFileError) {
        var crc = CRC32()
        for (_, tensor) in tensors { SafeTensors.appendLittleEndian(tensor) { crc.update($0) } }
        var full = metadata
        full["format"] = "quill"
        full["format_version"] = String(currentFormatVersion)
        full["kind"] = kind
        full["data_crc32"] = crc.hexadecimal
        try SafeTensors.write(tensors, metadata: full, to: path)
    }
}
