namespace BatchAi.Simulator;
