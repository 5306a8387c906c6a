/// Writes to standard output unbuffered, for text that streams as it is produced (a sampled
/// character appears the moment it is chosen, even through a pipe).
public enum StandardOutput {
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = posixWrite(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
