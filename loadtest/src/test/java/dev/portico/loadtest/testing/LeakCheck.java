package dev.portico.loadtest.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked ByteBuf while it ran. Registered for every test
 * (autodetection); tests run with {@code -Dio.netty.leakDetection.level=paranoid}. Leaks are reported
 * when a leaked buffer is collected and a later allocation looks, so this collects garbage and
 * allocates before it checks.
 */
public final class LeakCheck implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            List<ByteBuf> probes = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                probes.add(PooledByteBufAllocator.DEFAULT.directBuffer(16));
                probes.add(UnpooledByteBufAllocator.DEFAULT.heapBuffer(16));
            }
            probes.forEach(ByteBuf::release);
        }
        if (!LeakAppender.REPORTS.isEmpty()) {
            List<String> found = new ArrayList<>(LeakAppender.REPORTS);
            LeakAppender.REPORTS.clear();
            throw new AssertionError(found.size() + " ByteBuf leak report(s) in " + context.getDisplayName()
                    + ":\n" + String.join("\n----\n", found));
        }
    }
}
