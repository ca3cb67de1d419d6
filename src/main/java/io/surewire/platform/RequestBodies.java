package io.surewire.platform;

import io.surewire.protocol.FrameCodec;
import io.surewire.protocol.ProtocolException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads HTTP request bodies as UTF-8 text, refusing one over a limit before it is read whole. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The body as text; 413 when it has more than {@code limit} bytes, 400 when it is not UTF-8. */
    public static String read(InputStream body, int limit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = body.read(buffer)) != -1) {
                if (bytes.size() + read > limit) {
                    throw new ApiError(413, "payload_too_large", "the body is larger than " + limit + " bytes");
                }
                bytes.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw ApiError.badRequest("the body could not be read: " + e.getMessage());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ApiError(400, "bad_json", "the body is not UTF-8 text");
        }
    }

    /** The body as a JSON object: 400 {@code bad_json} when it is not JSON, 400 when it is not an object. */
    public static JsonObject jsonObject(InputStream body, int limit, String shape) {
        return jsonObject(read(body, limit), shape);
    }

    /** A body already read, as a JSON object: 400 {@code bad_json} when it is not JSON, 400 when it is not an object. */
    public static JsonObject jsonObject(String body, String shape) {
        JsonValue value;
        try {
            value = FrameCodec.value(body);
        } catch (ProtocolException notJson) {
            throw new ApiError(400, "bad_json", "the body must be a JSON object " + shape);
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw ApiError.badRequest("the body must be a JSON object " + shape);
    }
}
