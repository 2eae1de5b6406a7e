package io.meridian.placement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersTest {

    @Test
    void formatsWithAFixedNumberOfDecimalsRoundingHalfUp() {
        assertThat(Numbers.twoDecimals(0.85)).isEqualTo("0.85");
        assertThat(Numbers.twoDecimals(1.2)).isEqualTo("1.20");
        assertThat(Numbers.twoDecimals(0.005)).isEqualTo("0.01");
        assertThat(Numbers.twoDecimals(12.3456)).isEqualTo("12.35");
        assertThat(Numbers.oneDecimal(5.001)).isEqualTo("5.0");
        assertThat(Numbers.oneDecimal(30)).isEqualTo("30.0");
        assertThat(Numbers.oneDecimal(-2.25)).isEqualTo("-2.3");
        assertThat(Numbers.oneDecimal(-0.01)).isEqualTo("0.0");
        assertThat(Numbers.oneDecimal(Double.NaN)).isEqualTo("NaN");
    }
}
