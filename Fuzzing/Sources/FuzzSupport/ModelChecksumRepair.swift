import RecurrentCore

/// Makes a mutated model file's `data_crc32` metadata agree with its tensor bytes again.
///
/// A Quill model file stores the CRC-32 of its tensor data, and loading refuses a file whose
/// checksum differs, as it should. But almost every mutation the fuzzer makes changes either the
/// data or the stored value, so without this repair nearly every input would stop at the checksum
/// and the code behind it (configuration, vocabularies, shapes, parameters) would never be
/// reached. The repair rewrites the eight hexadecimal digits in place, so the header keeps its
/// length and every offset stays valid:
///
///     var bytes = mutatedFile
///     ModelChecksumRepair.repair(&bytes)   // "data_crc32":"1c291ca3" -> the data's real CRC
///
/// Inputs without a well-formed `"data_crc32": "xxxxxxxx"` entry are left as they are, so the
/// checksum checks themselves are fuzzed too.
public enum ModelChecksumRepair {
    public static func repair(_ bytes: inout [UInt8]) {
        guard bytes.count >= 8 else { return }
        var declared: UInt64 = 0
        for index in (0..<8).reversed() { declared = declared << 8 | UInt64(bytes[index]) }
        guard declared <= UInt64(bytes.count - 8) else { return }
        let dataStart = 8 + Int(declared)
        guard let digits = digitRange(in: bytes[8..<dataStart]) else { return }
        var crc = CRC32()
        bytes.withUnsafeBytes { raw in crc.update(UnsafeRawBufferPointer(rebasing: raw[dataStart...])) }
        bytes.replaceSubrange(digits, with: Array(crc.hexadecimal.utf8))
    }

    /// Where the eight digits of the first `"data_crc32"` entry are in `header`, or nil.
    private static func digitRange(in header: ArraySlice<UInt8>) -> Range<Int>? {
        let key = Array("\"data_crc32\"".utf8)
        guard let keyStart = header.indices.first(where: { header[$0...].starts(with: key) }) else { return nil }
        var index = keyStart + key.count
        func skipSpaces() { while index < header.endIndex, header[index] == 0x20 { index += 1 } }
        skipSpaces()
        guard index < header.endIndex, header[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        skipSpaces()
        guard index + 10 <= header.endIndex, header[index] == UInt8(ascii: "\""),
              header[index + 9] == UInt8(ascii: "\"") else { return nil }
        return (index + 1)..<(index + 9)
    }
}
