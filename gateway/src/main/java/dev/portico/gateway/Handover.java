package dev.portico.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.RawUnixChannelOption;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handing a port to the process bound beside this one with {@code SO_REUSEPORT}, without resetting a
 * connection. The kernel spreads new connections over every listener of the port's reuseport group, and
 * closing a listener resets the connections queued on it (unless {@code net.ipv4.tcp_migrate_req = 1}).
 * So a draining process first attaches a classic BPF program to the group that sends every new
 * connection to one other listener, lets its own listener accept what is already queued, and only then
 * closes it.
 *
 * <p>The group's listeners are numbered in the order they bound, and a closed listener's number goes to
 * the last one; a process cannot ask for its own number. With two processes on the port, the one that
 * stops is number 0 when it started first (the upgrade of {@code docs/operations.md}) and number 1 when
 * it started second (a rollback). {@link Drain} tries 1 first, and 0 when connections keep coming.
 * Alone on the port, there is no number 1 and the kernel falls back to its hash. The program stays with
 * the group once the process that attached it is gone, so a process that binds removes one left behind:
 * connections then spread over both processes again until one of them stops.
 */
final class Handover {

    private static final Logger log = LoggerFactory.getLogger(Handover.class);

    /** From {@code <asm-generic/socket.h>}. */
    private static final int SOL_SOCKET = 1;
    private static final int SO_ATTACH_REUSEPORT_CBPF = 51;
    private static final int SO_DETACH_REUSEPORT_BPF = 68;

    /** {@code BPF_RET | BPF_K}: return the constant. */
    private static final short RET_CONSTANT = 0x06;

    private static final IntegerUnixChannelOption DETACH =
            new IntegerUnixChannelOption("SO_DETACH_REUSEPORT_BPF", SOL_SOCKET, SO_DETACH_REUSEPORT_BPF);

    private Handover() {
    }

    /**
     * Sends every new connection on the port to the group's listener number {@code index}. Returns false
     * when the transport or the kernel cannot (the listener then keeps its share until it closes).
     */
    static boolean steerTo(Channel listener, int index) {
        ByteBuffer program = Buffer.allocateDirectWithNativeOrder(8);
        program.putShort(RET_CONSTANT).put((byte) 0).put((byte) 0).putInt(index).flip();
        int addressSize = Buffer.addressSize();
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; }: the pointer is aligned
        ByteBuffer fprog = Buffer.allocateDirectWithNativeOrder(2 * addressSize);
        fprog.putShort((short) 1);
        fprog.position(addressSize);
        long address = Buffer.memoryAddress(program);
        if (addressSize == 8) {
            fprog.putLong(address);
        } else {
            fprog.putInt((int) address);
        }
        fprog.flip();
        RawUnixChannelOption attach = new RawUnixChannelOption("SO_ATTACH_REUSEPORT_CBPF", SOL_SOCKET,
                SO_ATTACH_REUSEPORT_CBPF, fprog.remaining());
        try {
            boolean set = listener.config().setOption(attach, fprog);
            if (!set) {
                log.debug("{}: the transport cannot steer new connections away", listener.localAddress());
            }
            return set;
        } catch (ChannelException e) {
            log.warn("{}: cannot steer new connections to the next process ({}); connections queued when the "
                    + "listener closes are reset unless net.ipv4.tcp_migrate_req = 1", listener.localAddress(),
                    e.getMessage());
            return false;
        } finally {
            Buffer.free(fprog);
            Buffer.free(program);
        }
    }

    /** Removes a program left on the port's reuseport group by a process that stopped before this one. */
    static void spreadAgain(Channel listener) {
        try {
            listener.config().setOption(DETACH, 0);
        } catch (ChannelException e) {
            // ENOENT: no program on the group, the usual case
        }
    }
}
