#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's message for the current `errno`, e.g. `No such file or directory`.
func currentSystemErrorMessage() -> String {
    let code = errno
    guard let message = strerror(code) else { return "system error \(code)" }
    return String(cString: message)
}
