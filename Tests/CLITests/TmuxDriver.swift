import Foundation

/// Runs a command in a real terminal for a test: a detached tmux session of a fixed size on a tmux
/// server of its own (`tmux -L <unique name>`, no user configuration, no status line), so the test
/// can type into it as a user would and read the screen as the user would see it.
///
///     let tmux = try TmuxDriver(command: [ToolRunner.productsDirectory.appendingPathComponent("autocomplete").path])
///     defer { tmux.kill() }
///     try tmux.waitFor("Tab accepts")
///     try tmux.sendText("I would li")
///     let screen = try tmux.waitFor("1 like")
///     try tmux.sendKeys("Tab", "Enter", "C-c")
///
/// Keys are tmux's names (`man tmux`, KEY BINDINGS): `Enter`, `Tab`, `BSpace`, `Escape`, `Left`,
/// `Home`, `C-w`, `M-1` (sent as ESC 1)... The pane stays after the command ends, so its last
/// screen and exit status can be read. Suites that use it skip when tmux is missing:
/// `@Suite(.enabled(if: TmuxDriver.isAvailable, "tmux is not installed"))`.
final class TmuxDriver {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The tmux executable, or nil when it is not installed.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return folders.map { $0 + "/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { executable != nil }

    /// The server's socket name (`tmux -L`): unique per driver.
    let socket = "quill-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    let width: Int
    let height: Int
    private let configuration: URL
    /// Where the shell that runs the command writes its exit status (see ``exitStatus()``).
    private let statusFile: URL
    private var isKilled = false

    /// Starts `command` (its words are quoted for the shell tmux runs it with) in a new session
    /// `width` columns by `height` rows, in `directory`, with `environment` added.
    init(command: [String], width: Int = 100, height: Int = 20, directory: URL? = nil,
         environment: [String: String] = [:]) throws {
        guard Self.isAvailable else { throw Failure(description: "tmux is not installed") }
        self.width = width
        self.height = height
        configuration = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf")
        statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).status")
        try Data("""
            set -g status off
            set -g remain-on-exit on
            set -g history-limit 1000
            set -g default-terminal xterm-256color

            """.utf8).write(to: configuration)
        var arguments = ["new-session", "-d", "-s", "test", "-x", "\(width)", "-y", "\(height)"]
        if let directory { arguments += ["-c", directory.path] }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(name)=\(value)"] }
        // The shell records the exit status itself: tmux's own `pane_dead` sometimes never comes
        // on a loaded machine (the command is gone, but the server has not reaped it).
        arguments.append(command.map(Self.shellQuoted).joined(separator: " ") + "; echo $? > " + Self.shellQuoted(statusFile.path))
        do {
            try tmux(arguments)
        } catch {
            try? FileManager.default.removeItem(at: configuration)
            isKilled = true
            throw error
        }
    }

    deinit { kill() }

    /// Types `text` literally (UTF-8 included); no key names are looked up.
    func sendText(_ text: String) throws {
        try tmux(["send-keys", "-t", "test", "-l", "--", text])
    }

    /// Presses keys by their tmux names: "Enter", "Tab", "C-u", "M-2", "Left".
    func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "test", "--"] + keys)
    }

    /// The screen now: one line a row, trailing spaces cut.
    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", "test"])
    }

    /// The cursor's position (column, row), both from 0.
    func cursor() throws -> (column: Int, row: Int) {
        let fields = try tmux(["display-message", "-p", "-t", "test", "#{cursor_x} #{cursor_y}"])
            .split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard fields.count == 2 else { throw Failure(description: "tmux gave no cursor position") }
        return (fields[0], fields[1])
    }

    /// Waits until the screen contains `text`, and returns it.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10) throws -> String {
        try waitUntil("the screen shows \(text.debugDescription)", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until `condition` holds for the screen (polled every 20 ms), and returns the screen;
    /// throws after `timeout` seconds with the last screen in the message.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 10, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let screen = try capture()
            if condition(screen) { return screen }
            if Date() > deadline {
                throw Failure(description: "waited \(timeout) s for \(what); the screen is:\n\(screen)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// The command's exit status once it has ended, or nil while it runs: what the shell around
    /// it recorded, else tmux's `pane_dead_status` (asked first, so a dead pane's record is
    /// complete when it is read).
    func exitStatus() throws -> Int32? {
        let fields = try tmux(["display-message", "-p", "-t", "test", "#{pane_dead} #{pane_dead_status}"])
            .split(whereSeparator: \.isWhitespace)
        if let recorded = recordedStatus() { return recorded }
        guard fields.first == "1" else { return nil }
        return recordedStatus() ?? (fields.count > 1 ? Int32(fields[1]) : nil)
    }

    private func recordedStatus() -> Int32? {
        (try? String(contentsOf: statusFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Waits until the command has ended; returns its exit status.
    @discardableResult
    func waitForExit(timeout: Double = 10) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = try exitStatus() { return status }
            if Date() > deadline { throw Failure(description: "the command still runs after \(timeout) s:\n\(try capture())") }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Ends the session and its server (the command gets SIGHUP), and removes the server's socket
    /// (tmux leaves it behind); calling it again does nothing.
    func kill() {
        guard !isKilled else { return }
        isKilled = true
        let socketPath = try? tmux(["display-message", "-p", "-t", "test", "#{socket_path}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? tmux(["kill-server"])
        if let socketPath, !socketPath.isEmpty { unlink(socketPath) }
        try? FileManager.default.removeItem(at: configuration)
        try? FileManager.default.removeItem(at: statusFile)
    }

    /// Runs tmux on this driver's server; returns what it printed, throws when it fails.
    ///
    /// Not with Foundation's `Process`: it learns that a child ended when a socket the child
    /// inherits is closed by all holders, and the tmux server, forked from the first client, keeps
    /// it open, so `waitUntilExit` would wait for the server. Here the client is spawned with no
    /// descriptor but its output (the server then inherits nothing of the test process's), no
    /// signal blocked (the test runner's threads block most, and a tmux server inheriting that
    /// mask would never see SIGCHLD), and waited for with `waitpid`.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let errorPath = configuration.path + ".stderr"
        defer { unlink(errorPath) }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw Failure(description: "no pipe for tmux") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        for descriptor in 3...Self.highestOpenDescriptor() { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil   // tests run inside tmux must still start their own server
        let words = [Self.executable!, "-L", socket, "-f", configuration.path] + arguments
        var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child = pid_t()
        let spawned = posix_spawn(&child, Self.executable!, &actions, &attributes, &argv, &envp)
        close(ends[1])
        defer { close(ends[0]) }
        guard spawned == 0 else { throw Failure(description: "cannot run tmux: \(String(cString: strerror(spawned)))") }

        var printed: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(ends[0], &buffer, buffer.count)
            if count > 0 { printed += buffer[0..<count] } else if count == 0 || errno != EINTR { break }
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let complaint = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed (wait status \(status)): \(complaint)")
        }
        return String(decoding: printed, as: UTF8.self)
    }

    /// The highest descriptor open in this process (at least 3).
    private static func highestOpenDescriptor() -> Int32 {
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
        return max(open?.max() ?? 1023, 3)
    }

    /// `word` quoted for sh: 'it'\''s'.
    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
