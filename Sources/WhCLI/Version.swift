import Warehouse

/// wh's version (the engine's: CURRENT_VERSION() answers it too).
public enum WhVersion {
    public static let current = Warehouse.version
}
