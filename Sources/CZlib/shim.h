#include <zlib.h>

// deflateInit2 and inflateInit2 are macros, which Swift cannot call: these functions can be.

/// Starts a gzip (not zlib) compressor at the default level.
static inline int wh_deflate_init_gzip(z_stream *stream) {
    return deflateInit2(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/// Starts a decompressor that reads gzip members.
static inline int wh_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}
