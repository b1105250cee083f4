package dev.portico.gateway.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void singleRanges() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange.Part(0, 100));
        assertThat(ByteRange.parse("bytes=500-", 1000)).isEqualTo(new ByteRange.Part(500, 500));
        assertThat(ByteRange.parse("bytes=-100", 1000)).isEqualTo(new ByteRange.Part(900, 100));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(new ByteRange.Part(0, 1000));
        assertThat(ByteRange.parse("bytes=900-5000", 1000)).isEqualTo(new ByteRange.Part(900, 100));
        assertThat(ByteRange.parse("BYTES=1-1", 1000)).isEqualTo(new ByteRange.Part(1, 1));
    }

    @Test
    void outsideTheFileIsUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=1000-", 1000)).isEqualTo(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-0", 1000)).isEqualTo(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=0-", 0)).isEqualTo(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-1", 0)).isEqualTo(ByteRange.UNSATISFIABLE);
    }

    @Test
    void whatIsNotOneValidRangeIsIgnored() {
        for (String h : new String[] {null, "", "bytes=", "bytes=a-b", "bytes=5-1", "items=0-1", "bytes=0-1,3-4",
                "bytes=-", "bytes=1-2-3", "bytes=99999999999999999999-", "bytes=--1"}) {
            assertThat(ByteRange.parse(h, 1000)).as(String.valueOf(h)).isEqualTo(ByteRange.WHOLE);
        }
    }
}
