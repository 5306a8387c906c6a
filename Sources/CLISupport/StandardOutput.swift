/// Writes to standard output unbuffered, for text that streams as it is produced (a sampled
/// character appears the moment it is chosen, even through a pipe).
///
/// Output that cannot be written (a full disk behind `> file`) ends the process with status 1 and
/// `error: standard output: <reason>`, so a tool never exits 0 with its output cut short.
public enum StandardOutput {
    public static func write(_ text: String) {
        guard let reason = writeAll(text, to: 1) else { return }
        StandardError.print("error: standard output: \(reason)")
        systemExit(1)
    }
}
