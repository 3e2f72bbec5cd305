package io.keyport.desktop.admin;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** One team in a user's form, with whether the user is a member (a check box in the view). */
public final class TeamChoice {

    private final String teamId;
    private final BooleanProperty member;

    TeamChoice(String teamId, boolean member) {
        this.teamId = teamId;
        this.member = new SimpleBooleanProperty(this, "member", member);
    }

    public String teamId() {
        return teamId;
    }

    public BooleanProperty memberProperty() {
        return member;
    }

    @Override
    public String toString() {
        return teamId;
    }
}
