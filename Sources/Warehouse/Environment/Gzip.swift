import CZlib
import Foundation

/// gzip compression for staged files (PUT's AUTO_COMPRESS, COPY's COMPRESSION = GZIP).
public enum Gzip {
    /// The gzip magic number that starts every gzip file.
    public static func isGzip(_ data: Data) -> Bool { data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B }

    public static func compress(_ data: Data) throws -> Data {
        var stream = z_stream()
        guard wh_deflate_init_gzip(&stream) == Z_OK else { throw GzipError.failed("cannot start compression") }
        defer { deflateEnd(&stream) }
        return try run(&stream, input: data) { deflate(&$0, Z_FINISH) }
    }

    /// Decompresses every gzip member of `data`; a corrupt or truncated file throws.
    public static func decompress(_ data: Data) throws -> Data {
        var stream = z_stream()
        guard wh_inflate_init_gzip(&stream) == Z_OK else { throw GzipError.failed("cannot start decompression") }
        defer { inflateEnd(&stream) }
        return try run(&stream, input: data) { stream in
            var rc = inflate(&stream, Z_NO_FLUSH)
            // Concatenated members (as `cat a.gz b.gz` makes) continue after each end.
            while rc == Z_STREAM_END && stream.avail_in > 0 {
                inflateReset(&stream)
                rc = inflate(&stream, Z_NO_FLUSH)
            }
            return rc
        }
    }

    private static func run(_ stream: inout z_stream, input: Data, step: (inout z_stream) -> Int32) throws -> Data {
        var output = Data()
        var input = input
        let chunk = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        return try input.withUnsafeMutableBytes { (inputBytes: UnsafeMutableRawBufferPointer) -> Data in
            stream.next_in = inputBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(inputBytes.count)
            while true {
                let (rc, produced) = buffer.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    let rc = step(&stream)
                    return (rc, chunk - Int(stream.avail_out))
                }
                output.append(buffer, count: produced)
                switch rc {
                case Z_STREAM_END: return output
                case Z_OK: continue
                case Z_BUF_ERROR where produced > 0: continue
                case Z_BUF_ERROR: throw GzipError.failed("the gzip data ends early (truncated file)")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
                    throw GzipError.failed("the gzip data is corrupt (\(message))")
                }
            }
        }
    }
}

/// A gzip stream that could not be read or written.
public enum GzipError: WarehouseError, Equatable {
    case failed(String)
    public var message: String { if case .failed(let m) = self { return m } else { return "" } }
    public var hint: String? { "check the file: `gzip -t FILE` tells whether it is whole" }
}
