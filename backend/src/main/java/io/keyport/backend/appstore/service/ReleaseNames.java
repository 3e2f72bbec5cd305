package io.keyport.backend.appstore.service;

import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Release ids as the App Store design shows them ({@code blurry-green-cat}): an adjective, a colour
 * and an animal, lower-case and joined by '-', so always a DNS-1123 label well under Helm's 53
 * characters. 40 × 24 × 48 = 46,080 names; the caller retries on a taken one.
 */
public final class ReleaseNames {

    static final List<String> ADJECTIVES = List.of(
            "blurry", "brave", "calm", "clever", "cosy", "crisp", "curious", "dapper", "eager", "fancy", "fuzzy",
            "gentle", "glad", "happy", "humble", "jolly", "keen", "kind", "lively", "lucky", "merry", "mighty",
            "modest", "neat", "nimble", "noble", "plucky", "polite", "proud", "quick", "quiet", "rapid", "shy",
            "sleepy", "snappy", "steady", "sunny", "swift", "tidy", "witty");
    static final List<String> COLOURS = List.of(
            "amber", "azure", "beige", "black", "blue", "bronze", "coral", "cyan", "gold", "green", "grey", "indigo",
            "ivory", "lilac", "lime", "magenta", "olive", "orange", "pink", "purple", "red", "silver", "teal", "white");
    static final List<String> ANIMALS = List.of(
            "badger", "bat", "bear", "beaver", "bison", "cat", "crane", "crow", "deer", "dingo", "dog", "dove", "eagle",
            "eel", "elk", "emu", "falcon", "ferret", "finch", "fox", "frog", "gecko", "goat", "goose", "hare", "hawk",
            "heron", "ibis", "koala", "lemur", "lion", "lynx", "mole", "moose", "newt", "otter", "owl", "panda",
            "puffin", "quail", "raven", "seal", "shrew", "stoat", "swan", "tapir", "toad", "wolf");

    private final RandomGenerator random;

    public ReleaseNames() {
        this(new SecureRandom());
    }

    ReleaseNames(RandomGenerator random) {
        this.random = random;
    }

    public String next() {
        return pick(ADJECTIVES) + "-" + pick(COLOURS) + "-" + pick(ANIMALS);
    }

    private String pick(List<String> words) {
        return words.get(random.nextInt(words.size()));
    }
}
