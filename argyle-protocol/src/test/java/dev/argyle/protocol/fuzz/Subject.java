package dev.argyle.protocol.fuzz;

import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A decoder under fuzzing.
 *
 * @param name            the message type
 * @param decoder         its {@code DECODER}
 * @param maxMessageBytes the largest valid message: a decoder may ask for more only below this
 * @param normalise       what the encoder writes for a valid message's bytes (identity unless decoding
 *                        normalises a field, such as RSV or SOCKS4a's 0.0.0.x)
 * @param hostile         inputs whose length fields claim more than follows (or, for fixed-size messages, that
 *                        are too short): they must not decode and must allocate little
 * @param seeds           valid messages, the fuzzer's starting points
 */
record Subject(String name, Decoder<? extends WireMessage> decoder, int maxMessageBytes,
        UnaryOperator<byte[]> normalise, List<byte[]> hostile, List<byte[]> seeds) {
    @Override
    public String toString() {
        return name;
    }
}
