/// Writes to standard output unbuffered, for text that streams as it is produced (a sampled
/// character appears the moment it is chosen, even through a pipe).
public enum StandardOutput {
    public static func write(_ text: String) {
        writeAll(text, to: 1)
    }
}
