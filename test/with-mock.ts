// Runs a test body against a mock GitHub of its own, closed afterwards whatever happens.
import { startMockGitHub, type MockGitHub, type MockGitHubOptions } from "../src/testing.js";

export async function withMock<T>(options: MockGitHubOptions, fn: (mock: MockGitHub) => Promise<T>): Promise<T> {
  const mock = await startMockGitHub(options);
  try {
    return await fn(mock);
  } finally {
    await mock.close();
  }
}
