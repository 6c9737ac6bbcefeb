package cn.tongban.hub.handling;

import java.util.concurrent.CompletableFuture;

import cn.tongban.hub.cases.LicenceCheck;

/** Checks a licence held in region {@code holderNode}: this hub's own library, or the holder region's hub. */
@FunctionalInterface
public interface LicenceChecker {
    CompletableFuture<LicenceCheck.Result> check(String holderNode, LicenceCheck.Request request);
}
