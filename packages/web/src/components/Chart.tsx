import { BarChart, LineChart, PieChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EChartsOption } from 'echarts';

// Only the chart types and components used are registered (the full echarts build is ~1 MB). Add one here
// before using it in an option. echarts-for-react's esm/core entry is used: its lib/ build crashes under Vite 8.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export type { EChartsOption };

export interface ChartClick {
  name: string;
  seriesName?: string;
  dataIndex: number;
  data?: unknown;
}

/**
 * An ECharts chart. `label` names it for screen readers (the canvas itself says nothing); `onClick` receives
 * the clicked bar or point, for click-through to the list behind it.
 */
/** People who ask the system for less motion (and screenshots) get charts drawn at once. */
const reducedMotion = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export function Chart({
  option,
  height = 280,
  label,
  onClick,
}: {
  option: EChartsOption;
  height?: number;
  label: string;
  onClick?: (e: ChartClick) => void;
}) {
  return (
    <div role="img" aria-label={label} style={{ width: '100%' }}>
      <ReactEChartsCore
        echarts={echarts}
        option={reducedMotion ? { ...option, animation: false } : option}
        notMerge
        style={{ height, width: '100%' }}
        onEvents={onClick ? { click: (e: ChartClick) => onClick(e) } : undefined}
        opts={{ renderer: 'canvas' }}
      />
    </div>
  );
}
