package io.keyport.desktop.tokens.piv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import javax.smartcardio.TerminalFactorySpi;

/**
 * A PC/SC service in memory for {@code javax.smartcardio}: readers by name, each empty or holding a
 * {@link SimulatedPivCard}. The JDK's own {@link TerminalFactory} API serves it through a provider, so
 * the console's PC/SC connection and reader discovery run unchanged on top. A removed card fails as
 * PC/SC does ({@code SCARD_W_REMOVED_CARD}).
 */
final class SimulatedPcsc {

    private static final String TYPE = "KeyportSimulatedPcsc";

    private SimulatedPcsc() {}

    /** Readers in this order; a {@code null} card is an empty reader. */
    static TerminalFactory readers(Map<String, SimulatedPivCard> readers) {
        Provider provider = new Provider("KeyportSimulatedPcsc", "1.0", "readers with simulated PIV cards") {
            {
                put("TerminalFactory." + TYPE, Spi.class.getName());
            }
        };
        try {
            return TerminalFactory.getInstance(TYPE, new LinkedHashMap<>(readers), provider);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The provider's entry point; public for the JDK's reflective lookup. */
    public static final class Spi extends TerminalFactorySpi {
        private final Terminals terminals;

        @SuppressWarnings("unchecked")
        public Spi(Object readers) {
            List<Reader> list = new ArrayList<>();
            ((Map<String, SimulatedPivCard>) readers).forEach((name, card) -> list.add(new Reader(name, card)));
            terminals = new Terminals(List.copyOf(list));
        }

        @Override
        protected CardTerminals engineTerminals() {
            return terminals;
        }
    }

    private static final class Terminals extends CardTerminals {
        private final List<Reader> readers;

        Terminals(List<Reader> readers) {
            this.readers = readers;
        }

        @Override
        public List<CardTerminal> list(State state) {
            List<CardTerminal> list = new ArrayList<>();
            for (Reader reader : readers) {
                boolean present = reader.isCardPresent();
                if (state == State.ALL
                        || (state == State.CARD_PRESENT && present)
                        || (state == State.CARD_ABSENT && !present)) {
                    list.add(reader);
                }
            }
            return list;
        }

        @Override
        public boolean waitForChange(long timeout) {
            return false;
        }
    }

    /** One reader; the last card connected through it, for tests to look at. */
    static final class Reader extends CardTerminal {
        private final String name;
        private final SimulatedPivCard card;
        Connected last;

        Reader(String name, SimulatedPivCard card) {
            this.name = name;
            this.card = card;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Card connect(String protocol) throws CardException {
            if (!isCardPresent()) {
                throw new CardNotPresentException("SCARD_E_NO_SMARTCARD: no card in " + name);
            }
            last = new Connected(card);
            return last;
        }

        @Override
        public boolean isCardPresent() {
            return card != null && card.inserted();
        }

        @Override
        public boolean waitForCardPresent(long timeout) {
            return isCardPresent();
        }

        @Override
        public boolean waitForCardAbsent(long timeout) {
            return !isCardPresent();
        }
    }

    /** A connection to a card, with its exclusive lock and disconnection recorded. */
    static final class Connected extends Card {
        private final SimulatedPivCard card;
        private final CardChannel channel = new Channel();
        boolean exclusive;
        boolean disconnected;

        Connected(SimulatedPivCard card) {
            this.card = card;
        }

        @Override
        public ATR getATR() {
            return new ATR(card.getAtr());
        }

        @Override
        public String getProtocol() {
            return "T=1";
        }

        @Override
        public CardChannel getBasicChannel() {
            return channel;
        }

        @Override
        public CardChannel openLogicalChannel() throws CardException {
            throw new CardException("logical channels are not simulated");
        }

        @Override
        public void beginExclusive() {
            exclusive = true;
        }

        @Override
        public void endExclusive() {
            exclusive = false;
        }

        @Override
        public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
            throw new CardException("control commands are not simulated");
        }

        @Override
        public void disconnect(boolean reset) {
            disconnected = true;
            if (reset) {
                card.close();
            }
        }

        private final class Channel extends CardChannel {
            @Override
            public Card getCard() {
                return Connected.this;
            }

            @Override
            public int getChannelNumber() {
                return 0;
            }

            @Override
            public ResponseAPDU transmit(CommandAPDU command) throws CardException {
                if (disconnected) {
                    throw new IllegalStateException("card has been disconnected");
                }
                try {
                    return new ResponseAPDU(card.sendAndReceive(command.getBytes()));
                } catch (IOException e) {
                    throw new CardException("sun.security.smartcardio.PCSCException: SCARD_W_REMOVED_CARD", e);
                }
            }

            @Override
            public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
                byte[] bytes = new byte[command.remaining()];
                command.get(bytes);
                byte[] answer = transmit(new CommandAPDU(bytes)).getBytes();
                response.put(answer);
                return answer.length;
            }

            @Override
            public void close() {
                throw new IllegalStateException("the basic channel cannot be closed");
            }
        }
    }
}
