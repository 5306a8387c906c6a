import Foundation

/// Checks made before long work whose result goes to a file, so a training run does not find out
/// after an hour that it cannot write its model.
public enum OutputLocation {
    /// Why a file cannot be written at `path` (its folder is missing, not a folder, or not
    /// writable; or `path` is a folder), or nil when it can. Permission bits do not bind root, and
    /// some folders (`/proc`) refuse new files whatever they say, so a file is also created there
    /// and removed at once, as ``AtomicFile`` will create one.
    public static func problem(writing path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            return "the folder \(directory) does not exist"
        }
        guard isDirectory.boolValue else { return "\(directory) is not a folder" }
        guard access(directory, W_OK) == 0 else { return "the folder \(directory) is not writable" }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "it is a folder"
        }
        do {
            _ = try AtomicFile(path: path)   // dropped uncommitted: the file is removed at once
        } catch {
            return "cannot create a file in \(directory): \(error.reason)"
        }
        return nil
    }
}
