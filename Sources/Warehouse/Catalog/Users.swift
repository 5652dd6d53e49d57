import Crypto
import Foundation
import SQLite

/// The users the Snowflake connector's door checks logins against (`wh user create`). A password is
/// kept only as a salted PBKDF2-HMAC-SHA256 hash.
extension Warehouse {
    static let passwordIterations = 60_000

    /// Creates a user, or gives an existing one a new password.
    public func setUser(_ name: String, password: String) throws {
        guard !name.isEmpty, !password.isEmpty else { throw UserError.empty }
        var salt = [UInt8](repeating: 0, count: 16)
        for index in salt.indices { salt[index] = UInt8.random(in: 0...255) }
        let hash = Self.pbkdf2(password: Array(password.utf8), salt: salt, iterations: Self.passwordIterations)
        try catalog("DELETE FROM _wh_users WHERE name = ? COLLATE NOCASE", [.text(name)])
        try catalog("INSERT INTO _wh_users(name, salt, iterations, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    [.text(name), .text(Self.hex(salt)), .integer(Int64(Self.passwordIterations)), .text(Self.hex(hash)),
                     .text(CanonicalTimestamp.format(environment.clock.now()))])
    }

    public func dropUser(_ name: String) throws {
        guard try users().contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else { throw UserError.noSuchUser(name) }
        try catalog("DELETE FROM _wh_users WHERE name = ? COLLATE NOCASE", [.text(name)])
    }

    /// The users' names, sorted.
    public func users() throws -> [String] {
        try connection.prepare("SELECT name FROM _wh_users ORDER BY name").all().compactMap { $0.first?.textValue }
    }

    /// Whether `password` is the user's (their name matched ignoring case).
    public func checkUser(_ name: String, password: String) throws -> Bool {
        let statement = try connection.prepare("SELECT salt, iterations, password_hash FROM _wh_users WHERE name = ? COLLATE NOCASE")
        try statement.bind([.text(name)])
        guard let row = try statement.all().first, let salt = row[0].textValue.flatMap(Self.bytes), let iterations = row[1].integerValue,
              let stored = row[2].textValue else { return false }
        let hash = Self.hex(Self.pbkdf2(password: Array(password.utf8), salt: salt, iterations: Int(iterations)))
        return zip(hash.utf8, stored.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0 && hash.count == stored.count
    }

    /// PBKDF2 with HMAC-SHA256, one 32-byte block (RFC 8018).
    static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var block = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = block
        for _ in 1..<max(iterations, 1) {
            block = Array(HMAC<SHA256>.authenticationCode(for: block, using: key))
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }

    static func bytes(_ hex: String) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0 else { return nil }
        return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0 }
    }
}

/// User problems, naming the user and the fix.
public enum UserError: WarehouseError, Equatable {
    case empty
    case noSuchUser(String)

    public var message: String {
        switch self {
        case .empty: return "a user needs a name and a non-empty password"
        case .noSuchUser(let name): return "User '\(name)' does not exist or not authorized."
        }
    }

    public var hint: String? {
        switch self {
        case .empty: return "wh user create NAME, then type the password (or pipe it in)"
        case .noSuchUser: return "wh user list shows the users"
        }
    }
}
