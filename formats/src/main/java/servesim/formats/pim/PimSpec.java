package servesim.formats.pim;

import java.nio.file.Path;

/**
 * A processing-in-memory device as a DRAMSim3-style ini describes it (the files LLMServingSim's {@code pim_config}
 * names): the DRAM organisation, the timing and power figures the attention-offload model uses. Timing values are
 * in memory-clock cycles of {@code tCK} nanoseconds, as in the ini.
 *
 * @param name          device name (the file name without {@code .ini})
 * @param source        the file it came from
 * @param protocol      DRAM protocol label (DDR4, HBM, LPDDR4, ...)
 * @param bankGroups    bank groups per rank
 * @param banksPerGroup banks per bank group
 * @param rows          rows per bank
 * @param columns       columns per row
 * @param deviceWidth   data pins per DRAM device
 * @param burstLength   beats per burst ({@code BL})
 * @param pimType       processing-unit arrangement ({@code SINGLE}: one unit per bank)
 * @param tckNs         clock period, ns
 * @param cl            read latency ({@code CL}), cycles
 * @param trcd          activate to read ({@code tRCD}, or {@code tRCDRD}), cycles
 * @param trp           precharge ({@code tRP}), cycles
 * @param tccdL         column-to-column delay within a bank group ({@code tCCD_L}), cycles
 * @param trfc          refresh cycle time ({@code tRFC}), cycles
 * @param trefi         refresh interval ({@code tREFI}), cycles
 * @param channelMiB    capacity per channel as configured ({@code channel_size}), MiB
 * @param channels      channels per device ({@code channels})
 * @param busWidth      channel data bus width, bits
 * @param dataRateMts   transfer rate, MT/s
 * @param idleMw        idle power per channel, mW
 * @param peakMw        power per channel while computing, mW
 */
public record PimSpec(String name, Path source, String protocol, int bankGroups, int banksPerGroup, long rows,
                      int columns, int deviceWidth, int burstLength, String pimType, double tckNs, int cl, int trcd,
                      int trp, int tccdL, int trfc, int trefi, double channelMiB, int channels, int busWidth,
                      double dataRateMts, double idleMw, double peakMw) {

    /** Banks per rank. */
    public int banks() {
        return bankGroups * banksPerGroup;
    }
}
