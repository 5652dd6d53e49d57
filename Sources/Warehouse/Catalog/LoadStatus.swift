/// What became of one file in a load, as COPY's result, the load history and COPY_HISTORY show it.
public enum LoadStatus: String, Sendable, Equatable {
    case loaded = "LOADED"
    case partiallyLoaded = "PARTIALLY_LOADED"
    case loadFailed = "LOAD_FAILED"
}

/// The state of one task run, as TASK_HISTORY shows it.
public enum TaskRunState: String, Sendable, Equatable {
    case scheduled = "SCHEDULED"
    case executing = "EXECUTING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case failedAndAutoSuspended = "FAILED_AND_AUTO_SUSPENDED"
    case skipped = "SKIPPED"

    /// A failure, whether or not it suspended the task.
    public var isFailure: Bool { self == .failed || self == .failedAndAutoSuspended }
}
