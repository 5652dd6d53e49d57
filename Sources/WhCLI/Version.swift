/// This build's version.
public enum WhVersion {
    public static let current = "0.1.0"
}
