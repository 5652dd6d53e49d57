import Foundation

/// A bounded queue between the reading thread and the loading thread: the reader waits when the
/// loader is behind, so memory stays bounded whatever the file size.
final class LoadQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [LoadEvent?] = []
    private var head = 0
    private let capacity: Int
    private var finished = false
    private var cancelledFlag = false
    private var abandoned = Set<Int>()

    init(capacity: Int = 8) { self.capacity = capacity }

    func put(_ event: LoadEvent) {
        condition.lock()
        while events.count - head >= capacity && !cancelledFlag { condition.wait() }
        events.append(event)
        condition.broadcast()
        condition.unlock()
    }

    /// The next event; nil when the reader is done and everything was taken.
    func take() -> LoadEvent? {
        condition.lock()
        defer { condition.unlock() }
        while head >= events.count && !finished { condition.wait() }
        guard head < events.count else { return nil }
        let event = events[head]
        events[head] = nil   // a batch taken is the loader's: the queue must not keep it alive
        head += 1
        if head > 64 { events.removeFirst(head); head = 0 }
        condition.broadcast()
        return event
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The loader stops: the reader ends at its next check.
    func cancel() {
        condition.lock()
        cancelledFlag = true
        condition.broadcast()
        condition.unlock()
    }

    var isCancelled: Bool { condition.lock(); defer { condition.unlock() }; return cancelledFlag }

    /// The loader has given up on a file (SKIP_FILE): the reader stops reading it.
    func abandon(file: Int) { condition.lock(); abandoned.insert(file); condition.unlock() }

    func isAbandoned(_ file: Int) -> Bool { condition.lock(); defer { condition.unlock() }; return abandoned.contains(file) }
}
