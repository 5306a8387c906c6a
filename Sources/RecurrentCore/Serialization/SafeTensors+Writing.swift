import FileOutput

extension SafeTensors {
    /// The safetensors bytes of `tensors` (F32, in the given order, contiguous) and `metadata`.
    ///
    /// The header lists `__metadata__` first (keys sorted; omitted when empty), then the tensors
    /// in order, and is padded with spaces to a multiple of 8 bytes, so the data starts 8-byte
    /// aligned. Equal inputs give equal bytes.
    ///
    /// - Precondition: names are distinct and none is `__metadata__` (``write(_:metadata:to:)``
    ///   throws instead).
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) -> [UInt8] {
        if let (name, reason) = invalidName(in: tensors) {
            preconditionFailure("SafeTensors.encode: tensor '\(name)': \(reason)")
        }
        var bytes = header(tensors, metadata: metadata)
        bytes.reserveCapacity(bytes.count + tensors.reduce(0) { $0 + $1.tensor.count * 4 })
        for (_, tensor) in tensors {
            appendLittleEndian(tensor) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Writes `tensors` and `metadata` to `path` as ``encode(_:metadata:)`` lays them out,
    /// atomically: into a temporary file beside `path`, flushed to disk, then renamed over
    /// `path`. On any error the old file at `path` is untouched and no temporary file remains.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String],
                             to path: String) throws(ModelFileError) {
        if let (name, reason) = invalidName(in: tensors) {
            throw .invalidTensorName(path: path, name: name, reason: reason)
        }
        do throws(AtomicFileError) {
            let output = try AtomicFile(path: path)
            try output.write(header(tensors, metadata: metadata))
            for (_, tensor) in tensors {
                var failure: AtomicFileError?
                appendLittleEndian(tensor) { chunk in
                    guard failure == nil else { return }
                    do throws(AtomicFileError) { try output.write(chunk) } catch { failure = error }
                }
                if let failure { throw failure }
            }
            try output.commit()
        } catch {
            switch error {
            case let .cannotCreate(path, reason): throw .cannotCreate(path: path, reason: reason)
            case let .writeFailed(path, reason): throw .writeFailed(path: path, reason: reason)
            }
        }
    }

    /// The first name the format cannot hold, and why.
    private static func invalidName(in tensors: [(name: String, tensor: Tensor)]) -> (String, String)? {
        var seen = Set<String>()
        for (name, _) in tensors {
            if name == "__metadata__" { return (name, "the name is reserved for the header's metadata") }
            if !seen.insert(name).inserted { return (name, "the name appears more than once") }
        }
        return nil
    }

    /// The 8-byte length and the padded JSON header.
    private static func header(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) -> [UInt8] {
        var json: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        func separator() {
            if !first { json.append(UInt8(ascii: ",")) }
            first = false
        }
        if !metadata.isEmpty {
            separator()
            appendJSONString("__metadata__", to: &json)
            json.append(contentsOf: ":{".utf8)
            for (index, key) in metadata.keys.sorted().enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                appendJSONString(key, to: &json)
                json.append(UInt8(ascii: ":"))
                appendJSONString(metadata[key] ?? "", to: &json)
            }
            json.append(UInt8(ascii: "}"))
        }
        var offset = 0
        for (name, tensor) in tensors {
            separator()
            let end = offset + tensor.count * 4
            appendJSONString(name, to: &json)
            json.append(contentsOf: ":{\"dtype\":\"F32\",\"shape\":[".utf8)
            json.append(contentsOf: tensor.shape.map(String.init).joined(separator: ",").utf8)
            json.append(contentsOf: "],\"data_offsets\":[\(offset),\(end)]}".utf8)
            offset = end
        }
        json.append(UInt8(ascii: "}"))
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var length = UInt64(json.count).littleEndian
        return withUnsafeBytes(of: &length) { Array($0) } + json
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    private static func appendJSONString(_ text: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): json.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): json.append(contentsOf: "\\\\".utf8)
            case 0x0A: json.append(contentsOf: "\\n".utf8)
            case 0x0D: json.append(contentsOf: "\\r".utf8)
            case 0x09: json.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16, uppercase: true)
                json.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }

    /// Hands `tensor`'s elements as little-endian F32 bytes to `sink`, in one or more chunks.
    static func appendLittleEndian(_ tensor: Tensor, _ sink: (UnsafeRawBufferPointer) -> Void) {
        guard tensor.count > 0 else { return }
        #if _endian(little)
        sink(UnsafeRawBufferPointer(start: tensor.pointer, count: tensor.count * 4))
        #else
        let chunk = 1 << 14
        var scratch = [UInt32](repeating: 0, count: chunk)
        var start = 0
        while start < tensor.count {
            let n = min(chunk, tensor.count - start)
            for i in 0..<n { scratch[i] = tensor.pointer[start + i].bitPattern.littleEndian }
            scratch.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[0..<(4 * n)])) }
            start += n
        }
        #endif
    }
}
