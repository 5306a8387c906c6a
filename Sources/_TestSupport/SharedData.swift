import Foundation

/// Where tests find data that lives outside the repository: the corpora in `../shared/corpora`
/// (beside the checkout) and the Unicode data files of Debian's `unicode-data` package.
public enum SharedData {
    /// The repository root (found from this source file's location).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }   // Sources/_TestSupport/SharedData.swift
        return url
    }()

    /// `../shared/corpora`, or `QUILL_CORPORA` when set.
    public static let corpora: URL = {
        if let custom = ProcessInfo.processInfo.environment["QUILL_CORPORA"] {
            return URL(fileURLWithPath: custom)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")
    }()

    /// A corpus file, or nil when it is absent (tests then skip with a message).
    public static func corpus(_ relativePath: String) -> URL? {
        let url = corpora.appendingPathComponent(relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// `/usr/share/unicode/<relativePath>`, or nil when the unicode-data package is not installed.
    public static func unicodeData(_ relativePath: String) -> URL? {
        let url = URL(fileURLWithPath: "/usr/share/unicode").appendingPathComponent(relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
