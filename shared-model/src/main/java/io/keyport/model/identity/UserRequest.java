package io.keyport.model.identity;

import java.util.List;

/**
 * The body of {@code PUT /api/users/{uid}}. A missing password keeps the old one (required when
 * the user is new); missing {@code teams} or {@code admin} keep the stored values.
 */
public record UserRequest(String password, List<String> teams, Boolean admin) {}
