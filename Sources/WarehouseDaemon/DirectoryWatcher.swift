import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Something that happened in a watched directory tree.
enum WatchEvent: Equatable {
    /// A writer closed the file, or it was moved in (`renamed`): it is whole.
    case ready(String, renamed: Bool)
    /// Someone wrote to the file: whatever closed it before, it is being written again.
    case modified(String)
    /// The kernel's queue overflowed: events were lost, rescan everything.
    case overflow
}

/// Watches directory trees with inotify (no C shim: Glibc's calls are enough). Files count only
/// when their writer closes them (IN_CLOSE_WRITE) or they are renamed in (IN_MOVED_TO), so a file
/// still being written is never reported. New subdirectories are watched as they appear.
final class DirectoryWatcher {
    private let fd: Int32
    private var directories: [Int32: String] = [:]
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// nil where inotify is unavailable (the daemon then polls).
    init?() {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd < 0 { return nil }
    }

    deinit { close(fd) }

    /// Watches `root` and every directory below it (already watched ones are skipped).
    func watch(tree root: String) {
        guard !directories.values.contains(root) else { return }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY | IN_CREATE | IN_ONLYDIR | IN_DONT_FOLLOW)
        let wd = inotify_add_watch(fd, root, mask)
        guard wd >= 0 else { return }
        directories[wd] = root
        if let children = try? FileManager.default.contentsOfDirectory(atPath: root) {
            for child in children where child.utf8.first != UInt8(ascii: ".") {
                var isDirectory: ObjCBool = false
                let path = root + "/" + child
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                   (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil {
                    watch(tree: path)
                }
            }
        }
    }

    var watchedDirectories: Set<String> { Set(directories.values) }

    /// Waits up to `timeout` seconds for events and returns them (empty on timeout).
    func wait(timeout: TimeInterval) -> [WatchEvent] {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(max(0, min(timeout, 3600)) * 1000))
        guard ready > 0 else { return [] }
        var events: [WatchEvent] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = buffer[nameStart..<min(nameStart + length, n)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset = nameStart + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { events.append(.overflow); continue }
                guard let directory = directories[wd], !name.isEmpty else { continue }
                let path = directory + "/" + name
                if mask & UInt32(IN_ISDIR) != 0 {
                    if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        watch(tree: path)
                        events.append(.overflow)   // files may have landed in it before the watch: rescan
                    }
                } else if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
                    events.append(.ready(path, renamed: mask & UInt32(IN_MOVED_TO) != 0))
                } else if mask & UInt32(IN_MODIFY) != 0 {
                    events.append(.modified(path))
                }
            }
        }
        return events
    }
}
