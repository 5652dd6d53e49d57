import CZlib
import Foundation

/// The bytes of one staged file as COPY reads them: in pieces, gunzipped when the file is gzip
/// (COMPRESSION = GZIP, or AUTO and the file starts with gzip's magic number), and hashed as read
/// so the load history can key the file by its content without a second pass.
final class StagedFileReader {
    enum Compression { case auto, gzip, none }

    private let source: any ByteReader
    private var compression: Compression
    private var hash = ContentHash()
    private var input: UnsafeMutableRawBufferPointer
    private var inputStart = 0
    private var inputEnd = 0
    private var sourceFinished = false
    private var stream = z_stream()
    private var inflating = false
    private var streamEnded = false
    /// Bytes read from the file (compressed size for gzip files).
    private(set) var bytesRead: Int64 = 0

    init(source: any ByteReader, compression: Compression, bufferSize: Int = 256 * 1024) {
        self.source = source
        self.compression = compression
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 8)
    }

    deinit {
        if inflating { inflateEnd(&stream) }
        input.deallocate()
    }

    /// The fingerprint of the file's bytes as staged; valid once `read` has returned 0.
    var contentHash: String { hash.hex }

    /// Fills the start of `buffer` with the file's (decompressed) bytes; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if compression == .auto {
            try fill()
            let isGzip = inputEnd - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B
            compression = isGzip ? .gzip : .none
        }
        if compression == .none {
            if inputStart < inputEnd {
                let n = min(buffer.count, inputEnd - inputStart)
                buffer.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: n)
                inputStart += n
                return n
            }
            guard !sourceFinished else { return 0 }
            let n = try source.read(into: buffer)
            if n == 0 { sourceFinished = true }
            hash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            bytesRead += Int64(n)
            return n
        }
        return try inflate(into: buffer)
    }

    /// Refills the input buffer when it is empty.
    private func fill() throws {
        guard inputStart >= inputEnd, !sourceFinished else { return }
        let n = try source.read(into: input)
        if n == 0 { sourceFinished = true }
        hash.update(UnsafeRawBufferPointer(rebasing: input[0..<n]))
        bytesRead += Int64(n)
        inputStart = 0
        inputEnd = n
    }

    private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !inflating {
            guard wh_inflate_init_gzip(&stream) == Z_OK else { throw GzipError.failed("cannot start decompression") }
            inflating = true
        }
        var produced = 0
        while produced == 0 {
            try fill()
            if inputStart >= inputEnd && sourceFinished {
                if streamEnded { return 0 }
                throw GzipError.failed("the gzip data ends early (truncated file)")
            }
            if streamEnded {
                // Another gzip member follows (`cat a.gz b.gz` makes such files).
                inflateReset(&stream)
                streamEnded = false
            }
            stream.next_in = (input.baseAddress! + inputStart).assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(inputEnd - inputStart)
            stream.next_out = (buffer.baseAddress! + produced).assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(buffer.count - produced)
            let rc = CZlib.inflate(&stream, Z_NO_FLUSH)
            inputStart = inputEnd - Int(stream.avail_in)
            produced = buffer.count - Int(stream.avail_out)
            switch rc {
            case Z_STREAM_END: streamEnded = true
            case Z_OK, Z_BUF_ERROR: break
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
                throw GzipError.failed("the gzip data is corrupt (\(message))")
            }
        }
        return produced
    }
}
