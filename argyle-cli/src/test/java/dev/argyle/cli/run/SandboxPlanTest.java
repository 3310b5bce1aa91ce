package dev.argyle.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SandboxPlanTest {
    @Test
    void namesAndAddressesFollowTheId() {
        SandboxPlan p = new SandboxPlan(4194304);
        assertThat(p.namespace()).isEqualTo("argyle-4194304");
        assertThat(p.hostInterface()).isEqualTo("ar4194304h").hasSizeLessThanOrEqualTo(15); // IFNAMSIZ - 1
        assertThat(p.markText()).isEqualTo("0x41400000");
        assertThat(SandboxPlan.idOfTable(p.mark())).isEqualTo(4194304);
        SandboxPlan small = new SandboxPlan(1);
        assertThat(small.hostAddress().getHostAddress()).isEqualTo("100.64.0.5");
        assertThat(small.namespaceAddress().getHostAddress()).isEqualTo("100.64.0.6");
        SandboxPlan top = new SandboxPlan(0xFFFFF);
        assertThat(top.namespaceAddress().getHostAddress()).isEqualTo("100.127.255.254");
    }

    @Test
    void readsIdsBackOnlyFromItsOwnNames() {
        assertThat(SandboxPlan.idOf("argyle-123")).isEqualTo(123);
        assertThat(SandboxPlan.idOf("argyle-")).isEqualTo(-1);
        assertThat(SandboxPlan.idOf("argyle-12a")).isEqualTo(-1);
        assertThat(SandboxPlan.idOf("other-123")).isEqualTo(-1);
        assertThat(SandboxPlan.idOf("argyle-999999999")).isEqualTo(-1);
        assertThat(SandboxPlan.idOfTable(254)).isEqualTo(-1);
        assertThat(SandboxPlan.idOfTable(0x41000000L)).isEqualTo(-1);
        assertThatThrownBy(() -> new SandboxPlan(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
