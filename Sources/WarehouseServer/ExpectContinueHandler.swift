import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers a request that says `Expect: 100-continue` with an interim `100 Continue` at once, so the
/// client sends its body: boto3 says it on every S3 PutObject and otherwise waits a second for it.
/// (Every route reads bodies as they come, so there is nothing to refuse before the body.)
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data), head.headerFields[.expect]?.lowercased() == "100-continue" {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(data)
    }
}
