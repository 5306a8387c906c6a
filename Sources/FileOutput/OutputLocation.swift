import Foundation

/// Checks made before long work whose result goes to a file, so a training run does not find out
/// after an hour that it cannot write its model.
public enum OutputLocation {
    /// Why a file cannot be written at `path` (its folder is missing, not a folder, or not
    /// writable; or `path` is a folder), or nil when it can.
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
        return nil
    }
}
