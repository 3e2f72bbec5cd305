package io.keyport.backend.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The last-admin rule under concurrency: when the only two admins remove each other at the same
 * moment, one of them must stay. Its own server, because the test changes who the admins are.
 */
@KeyportTest
class IdentityLastAdminIT {

    static ApiClient api;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
    }

    @Test
    void twoAdminsRemovingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        for (int round = 0; round < 4; round++) {
            boolean demote = round % 2 == 1;
            String admin = api.adminToken();
            String a = "racer-a" + round;
            String b = "racer-b" + round;
            api.putJson("/api/users/" + a, admin, "{\"password\":\"racer-pass-1\",\"admin\":true}");
            api.putJson("/api/users/" + b, admin, "{\"password\":\"racer-pass-1\",\"admin\":true}");
            String tokenA = api.token(a, "racer-pass-1");
            String tokenB = api.token(b, "racer-pass-1");
            assertThat(api.putJson("/api/users/admin", tokenA, "{\"admin\":false}")
                            .status())
                    .isEqualTo(200);
            // Warm the principal cache so both requests reach the database together.
            api.get("/api/users/" + a, tokenA);
            api.get("/api/users/" + b, tokenB);

            CyclicBarrier barrier = new CyclicBarrier(2);
            CompletableFuture<Integer> aRemovesB =
                    CompletableFuture.supplyAsync(together(barrier, () -> remove(demote, b, tokenA)));
            CompletableFuture<Integer> bRemovesA =
                    CompletableFuture.supplyAsync(together(barrier, () -> remove(demote, a, tokenB)));
            List<Integer> statuses = List.of(aRemovesB.get(), bRemovesA.get());

            assertThat(statuses)
                    .as("round %d (%s)", round, demote ? "demote" : "delete")
                    .containsOnlyOnce(demote ? 200 : 204)
                    .allMatch(s -> s == 200 || s == 204 || s == 409 || s == 403 || s == 401);
            // The loser was refused (409), or had already lost its admin rights (403) or its account (401).
            String winner = statuses.get(0) == (demote ? 200 : 204) ? tokenA : tokenB;
            JsonNode users = api.get("/api/users", winner).json();
            long admins = 0;
            for (JsonNode u : users) {
                admins += u.get("admin").asBoolean() ? 1 : 0;
            }
            assertThat(admins).as("admins after round %d", round).isEqualTo(1);

            // Back to the start: admin is the only admin again.
            assertThat(api.putJson("/api/users/admin", winner, "{\"admin\":true}")
                            .status())
                    .isEqualTo(200);
            String restored = api.adminToken();
            for (String uid : new String[] {a, b}) {
                var r = api.delete("/api/users/" + uid, restored);
                assertThat(r.status()).isIn(204, 404);
            }
        }
    }

    private static int remove(boolean demote, String uid, String token) {
        return demote
                ? api.putJson("/api/users/" + uid, token, "{\"admin\":false}").status()
                : api.delete("/api/users/" + uid, token).status();
    }

    private static Supplier<Integer> together(CyclicBarrier barrier, Supplier<Integer> request) {
        return () -> {
            try {
                barrier.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return request.get();
        };
    }
}
