package io.keyport.desktop.kio;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.Transport;
import io.keyport.desktop.shell.SignedInUser;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.model.identity.TeamRequest;
import io.keyport.model.identity.UserRequest;
import io.keyport.model.kio.ApprovalPolicy;
import java.util.List;
import java.util.Set;

/**
 * Teams, people and applications on a {@link LiveServer}, set up through its real API as the admin,
 * and the {@link SignedInUser} the shell would hand a feature for each person.
 */
public final class KioFixture {

    private final LiveServer server;
    private final Transport admin;

    public KioFixture(LiveServer server) {
        this.server = server;
        this.admin = server.adminTransport();
    }

    public Transport admin() {
        return admin;
    }

    public KioFixture team(String team) {
        admin.put("/api/teams/" + team, new TeamRequest(team), new TypeReference<Object>() {});
        return this;
    }

    /** Creates a person in {@code teams} (password {@code uid + "-password-1"}) and signs them in. */
    public Transport person(String uid, String... teams) {
        admin.put(
                "/api/users/" + uid,
                new UserRequest(password(uid), List.of(teams), false),
                new TypeReference<Object>() {});
        return server.transportAs(uid, password(uid));
    }

    public SignedInUser signedIn(String uid, boolean admin, String... teams) {
        return new SignedInUser(server.baseUrl(), uid, "/employees", admin, Set.of(teams));
    }

    /** Requires {@code types}, {@code approvers} distinct people and four-eyes for {@code app}'s versions. */
    public void policy(String app, List<String> types, int approvers) {
        new KioClient(admin).savePolicy(app, new ApprovalPolicy(types, approvers, true, null));
    }

    public static String password(String uid) {
        return uid + "-password-1";
    }
}
