package servesim.simulator.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import servesim.formats.pim.PimSpec;

public class PimAttentionTest {
    /** DDR4-3200 figures (x16 devices on a 64-bit bus, 8 banks, 8 GiB per channel), as a PIM device file gives. */
    static final PimSpec DDR4 = new PimSpec("DDR4_test_pim", Path.of("DDR4_test_pim.ini"), "DDR4", 2, 4, 65536,
            1024, 16, 8, "SINGLE", 0.63, 22, 22, 22, 8, 560, 12480, 8192, 1, 64, 3200, 623, 3803);

    /** A device with round numbers: 1 byte/ns streamed and on the bus, no read latency. */
    public static PimDevice unit() {
        return new PimDevice(DDR4, 1L << 30, 1.0, 1.0, 0.0);
    }

    /**
     * Rows of 1024 columns x 64 bits = 8192 B per bank; a rank of 8 banks x 65536 rows is 4 GiB, so the 8 GiB
     * channel has 2 ranks. One all-bank sweep: tRCD 22 + 128 bursts x tCCD_L 8 + tRP 22 = 1068 cycles of 0.63 ns =
     * 672.84 ns for 8 x 8192 B, less refresh (560 of every 12480 cycles): 93.031 B/ns. The bus: 8 B x 3200 MT/s =
     * 25.6 B/ns. Read latency 22 x 0.63 = 13.86 ns.
     */
    @Test
    void ddr4ChannelFiguresByHand() {
        PimDevice d = PimDevice.of(DDR4);
        assertEquals(8L << 30, d.capacityBytes());
        assertEquals(65536 / 672.84 * (1 - 560 / 12480.0), d.streamBytesPerNs(), 1e-9);
        assertEquals(93.031, d.streamBytesPerNs(), 1e-3);
        assertEquals(25.6, d.externalBytesPerNs(), 1e-12);
        assertEquals(13.86, d.readLatencyNs(), 1e-12);
        assertEquals(0.623, d.idleW(), 1e-12);
        assertEquals(3.803, d.peakW(), 1e-12);
    }

    /**
     * Four query heads on one KV head (Llama-3.1-8B's group), 1000 tokens, head dim 128, bf16: the bus carries
     * K,V in (2 x 128 x 2 = 512 B), query in and result out (2 x 4 x 128 x 2 = 2048 B), scores out and back
     * (2 x 4 x 1000 x 2 = 16000 B) = 18560 B / 25.6 = 725 ns; the banks stream 2 x 4 x 1000 x 128 x 2 = 2,048,000 B
     * / 93.031 B/ns; two read latencies 27.72 ns.
     */
    @Test
    void oneRequestsAttentionByHand() {
        PimDevice d = PimDevice.of(DDR4);
        double expected = 27.72 + 18560 / 25.6 + 2_048_000 / (65536 / 672.84 * (1 - 560 / 12480.0));
        assertEquals(expected, d.attentionNs(4, 1, 1000, 128, 2), 1e-6);
        assertEquals(22_767, expected, 1);
    }

    /**
     * Four channels, 2 KV heads: a request spreads over 2 channels (one KV head and its 2 query heads each), so
     * there are 2 groups. On the unit device a request of L tokens (head dim 64, 2 bytes) takes
     * 2 x 64 x 2 + 2 x 2 x 64 x 2 + 2 x 2 x L x 2 + 2 x 2 x L x 64 x 2 = 768 + 520 L ns. Longest first:
     * 400 -> group 0 (208,768), 300 -> group 1 (156,768), 200 -> group 1 (261,536), 100 -> group 0 (261,536).
     */
    @Test
    void requestsGoLongestFirstToTheLeastLoadedGroup() {
        PimAttention a = new PimAttention(unit(), 4, 4, 2, 64, 2, 1e9, 100, false);
        assertEquals(768 + 520 * 400, a.requestNs(400), 1e-9);
        long[] kv = {100, 400, 300, 200};
        assertEquals(261_536, a.decodeNs(kv, 4), 1e-9);
        assertEquals(2 * (208_768 + 156_768 + 104_768 + 52_768), a.lastChannelNs(), 1e-9);
        assertEquals(0, a.decodeNs(kv, 0));
        // one channel: every head on it, one group, everything in series
        PimAttention one = new PimAttention(unit(), 1, 4, 2, 64, 2, 1e9, 0, false);
        assertEquals(2 * 2 * 64 * 2 + 2 * 4 * 64 * 2 + 2 * 4 * 10 * 2 + 2 * 4 * 10 * 64 * 2, one.requestNs(10), 1e-9);
    }

    /**
     * Traffic for 2 decodes, a 10-token prefill chunk and its 30 tokens of earlier context (4 heads, 2 KV heads,
     * dim 64, 2 bytes; KV 512 B per token): in 2 x (4 + 4) x 128 + 10 x 512 = 7168 B, out 2 x 4 x 128 + 30 x 512 =
     * 16384 B, at 1 B/ns (the link; 4 channel buses would carry 4) plus 100 ns latency each way.
     */
    @Test
    void trafficByHand() {
        PimAttention a = new PimAttention(unit(), 4, 4, 2, 64, 2, 1e9, 100, false);
        assertEquals(7168 + 100 + 16384 + 100, a.transferNs(2, 10, 30), 1e-9);
        assertEquals(0, a.transferNs(0, 0, 0));
        assertEquals(100 + 10 * 512, a.transferNs(0, 10, 0), 1e-9); // one direction, one latency
        // a fast link is capped by the channels' buses: 4 channels x 1 B/ns
        PimAttention fast = new PimAttention(unit(), 4, 4, 2, 64, 2, 1e12, 0, false);
        assertEquals((7168 + 16384) / 4.0, fast.transferNs(2, 10, 30), 1e-9);
    }

    /**
     * LLMServingSim's four PIM devices: the capacity derived from rows, columns, banks and bus width matches the
     * size in each device's name, and the streamed bandwidth by hand (sweep cycles from tRCD, columns / BL bursts
     * at tCCD_L, tRP; refresh tRFC / tREFI): HBM2 16 x 1024 B / 60 ns x (1 - 260/3900), LPDDR4X 16 x 2048 B /
     * (590 x 0.468 ns) x (1 - 812/16666), LPDDR5 16 x 2048 B / (580 x 0.3125 ns) x (1 - 1216/24960).
     */
    @Test
    void llmServingSimDevicesByHand() {
        java.nio.file.Path dir = java.nio.file.Path.of("..", "..", "shared", "data", "llmservingsim", "pim")
                .toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(dir),
                "skipped: ../shared/data is absent");
        java.util.function.Function<String, PimDevice> read = n -> PimDevice.of(
                servesim.formats.pim.PimIniReader.read(dir.resolve(n + ".ini")));
        PimDevice ddr4 = read.apply("DDR4_8GB_3200_pim");
        PimDevice hbm2 = read.apply("HBM2_1GB_2000_pim");
        PimDevice lp4 = read.apply("LPDDR4X_2GB_4266_pim");
        PimDevice lp5 = read.apply("LPDDR5_2GB_6400_pim");
        assertEquals(8L << 30, ddr4.capacityBytes());
        assertEquals(1L << 30, hbm2.capacityBytes());
        assertEquals(2L << 30, lp4.capacityBytes());
        assertEquals(2L << 30, lp5.capacityBytes());
        assertEquals(PimDevice.of(DDR4).streamBytesPerNs(), ddr4.streamBytesPerNs(), 1e-12);
        assertEquals(16 * 1024 / 60.0 * (1 - 260 / 3900.0), hbm2.streamBytesPerNs(), 1e-9);
        assertEquals(16 * 2048 / (590 * 0.468) * (1 - 812 / 16666.0), lp4.streamBytesPerNs(), 1e-9);
        assertEquals(16 * 2048 / (580 * 0.3125) * (1 - 1216 / 24960.0), lp5.streamBytesPerNs(), 1e-9);
        assertEquals(32, hbm2.externalBytesPerNs(), 1e-12);
        assertEquals(2 * 4.266, lp4.externalBytesPerNs(), 1e-12);
    }
}
