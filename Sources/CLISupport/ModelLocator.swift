import Foundation

/// Finds a shipped model (`Models/<name>.quill`) when the user names none, looking in order:
///
/// 1. `$QUILL_MODELS/<name>.quill`;
/// 2. `Models/<name>.quill` under the working directory;
/// 3. `Models/<name>.quill` beside the executable, or in a folder above it (so a binary built
///    in `.build/release` of a checkout finds the checkout's `Models/`), and `<name>.quill`
///    beside the executable (an installed copy).
public enum ModelLocator {
    /// The first existing candidate, and every place looked at (for the error message).
    public static func locate(_ name: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              workingDirectory: String = FileManager.default.currentDirectoryPath,
                              executable: String? = executablePath()) -> (path: String?, searched: [String]) {
        let file = name + ".quill"
        var candidates: [String] = []
        if let folder = environment["QUILL_MODELS"], !folder.isEmpty {
            candidates.append((folder as NSString).appendingPathComponent(file))
        }
        candidates.append(((workingDirectory as NSString).appendingPathComponent("Models") as NSString).appendingPathComponent(file))
        if let executable {
            var folder = (executable as NSString).deletingLastPathComponent
            candidates.append((folder as NSString).appendingPathComponent(file))
            for _ in 0..<6 where folder != "/" && !folder.isEmpty {
                candidates.append(((folder as NSString).appendingPathComponent("Models") as NSString).appendingPathComponent(file))
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        var seen = Set<String>()
        let searched = candidates.filter { seen.insert($0).inserted }
        var isDirectory: ObjCBool = false
        let found = searched.first { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue }
        return (found, searched)
    }

    /// The running executable's absolute path (`/proc/self/exe` on Linux).
    public static func executablePath() -> String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath
    }
}
